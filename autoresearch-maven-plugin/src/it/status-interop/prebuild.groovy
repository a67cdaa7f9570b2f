// The project as a git repository with one commit.
evaluate(new File(itDirectory, 'sample-repo.groovy'))

// The command starts a session that the plugin's status goal then reads.
def jar = new File(cliJar)
if (!jar.isFile()) {
    throw new IllegalStateException("${jar} is missing: build the command first (mvn -pl autoresearch-maven-plugin -am verify)")
}
def p = new ProcessBuilder([System.getProperty('java.home') + '/bin/java', '-jar', jar.path, 'run', '--tag', 'fromcli'])
        .directory(basedir).redirectErrorStream(true).start()
def out = p.inputStream.text
assert p.waitFor() == 0 : out
return true
