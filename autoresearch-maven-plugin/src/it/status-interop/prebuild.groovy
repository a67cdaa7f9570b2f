// Makes the project a git repository with one commit, as a user's checkout is (once: the hook runs
// before each build of the project).
if (new File(basedir, ".git").exists()) {
    return true
}
def git(String... args) {
    def p = new ProcessBuilder(["git", "-c", "user.name=it", "-c", "user.email=it@example.com"] + args.toList())
            .directory(basedir).redirectErrorStream(true).start()
    def out = p.inputStream.text
    if (p.waitFor() != 0) {
        throw new IllegalStateException("git ${args.join(" ")} failed in ${basedir}: ${out}")
    }
}
new File(basedir, ".gitignore").text = "build.log\ntarget/\n"
git("init", "-q", "-b", "main")
git("add", "-A")
git("commit", "-q", "-m", "sample project")

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
