// Ctrl-C (here SIGTERM, which runs the same shutdown hooks) stops the run after recording the
// experiment in hand; the same command then resumes the session.
def settings = new File(basedir, 'it-settings.xml')
settings.text = """<settings><mirrors><mirror><id>it-local</id><mirrorOf>*</mirrorOf>
<url>${new File(mainRepo).toURI()}</url></mirror></mirrors></settings>"""

def mvn(String... args) {
    def command = [System.getProperty('maven.home') + '/bin/mvn', '-B', '-s', new File(basedir, 'it-settings.xml').path,
                   '-Dmaven.repo.local=' + localRepo,
                   "dev.autoresearch:autoresearch-maven-plugin:${pluginVersion}:run".toString(),
                   '-Dautoresearch.tag=stopme'] + args.toList()
    return new ProcessBuilder(command).directory(basedir).redirectErrorStream(true).start()
}

def run = mvn()
def output = new StringBuilder()
def reader = new Thread({ run.inputStream.eachLine { output.append(it).append('\n') } })
reader.start()
long deadline = System.currentTimeMillis() + 120_000
while (!(output =~ /#2\s+SCORE/) && run.alive && System.currentTimeMillis() < deadline) {
    Thread.sleep(100)
}
assert run.alive : "the run ended before experiment #2:\n${output}"
// SIGTERM through the process handle: Process.destroy() would also close the output being read.
run.toHandle().destroy()
assert run.waitFor(60, java.util.concurrent.TimeUnit.SECONDS) : "the run did not stop within 60s:\n${output}"
reader.join(10_000)
def first = output.toString()
new File(basedir, 'interrupted.log').text = first
assert first.contains('autoresearch: stopping; recording the experiment in hand first') : first
assert first =~ /autoresearch: interrupted with \d+ experiments? recorded after the baseline/ : first
assert new File(basedir, '.autoresearch/stopme/journal.jsonl').isFile()

def again = mvn('-Dautoresearch.maxExperiments=4')
def second = again.inputStream.text
assert again.waitFor() == 0 : second
new File(basedir, 'resumed.log').text = second
assert second =~ /resuming with \d+ experiments? recorded after the baseline/ : second
assert second.contains('autoresearch: stopped: reached max-experiments (4)') : second
return true
