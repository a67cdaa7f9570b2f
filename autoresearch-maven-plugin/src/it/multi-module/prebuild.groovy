// The project as a git repository with one commit.
evaluate(new File(itDirectory, 'sample-repo.groovy'))
