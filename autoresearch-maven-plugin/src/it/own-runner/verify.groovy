// The runner the jar provides ran every experiment, with its own setting from program.md; the jar's strategy,
// named by its parameter, proposed the second session's experiments.
def log = new File(basedir, 'build.log').text
assert log.contains('autoresearch: session own on branch autoresearch/own (program.md: score, minimize)')
assert log =~ /#0\s+baseline\s+score 10\.000000\s+keep/
assert log =~ /#\d\s+SCORE 10 -> \d\s+score \d\.000000\s+-\d+\.\d%\s+keep/
def runs = new File(basedir, '.autoresearch/own/runs').listFiles().sort()
assert runs.size() >= 3
runs.each { assert it.text.contains("queued on maven: sh score.sh") }
assert log.contains('autoresearch: session cd on branch autoresearch/cd (program.md: score, minimize)')
assert log =~ /#1\s+count down to 9\s+score 9\.000000\s+-10\.0%\s+keep/
assert log =~ /#2\s+count down to 8\s+score 8\.000000\s+-11\.1%\s+keep/
return true
