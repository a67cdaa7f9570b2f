// Makes an integration project a git repository with one commit, as a user's checkout is; once,
// since the hook runs before each build of the project. Each project's prebuild.groovy runs this.
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
return true
