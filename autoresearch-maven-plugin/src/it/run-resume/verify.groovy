// The first build reached a keep; the second resumed the session and ran one more experiment.
def log = new File(basedir, 'build.log').text
assert log.contains('autoresearch: session it1 on branch autoresearch/it1 (program.md: score, minimize)')
assert log =~ /#0\s+baseline\s+score 10\.000000\s+keep/
assert log =~ /#\d\s+SCORE 10 -> \d\s+score \d\.000000\s+-\d+\.\d%\s+keep/
assert log.contains('resuming with 3 experiments recorded after the baseline')
assert log =~ /#4\s+SCORE/
assert log.contains('to take the result: git merge autoresearch/it1')
def journal = new File(basedir, '.autoresearch/it1/journal.jsonl')
assert journal.isFile()
assert new File(basedir, '.autoresearch/it1/results.tsv').readLines().size() == 6
return true
