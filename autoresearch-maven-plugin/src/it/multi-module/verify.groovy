// The goal ran by its prefix from the module, found the root's program.md, and the session lives at
// the repository's root.
def log = new File(basedir, 'build.log').text
assert log.contains('autoresearch: session mm on branch autoresearch/mm (../program.md: score, minimize)')
assert log =~ /#2\s+SCORE/
// maxExperiments in the pom's configuration overrides program.md's max-experiments (5).
assert log.contains('stopped: reached max-experiments (2)')
assert !(log =~ /#3\s+SCORE/)
assert new File(basedir, '.autoresearch/mm/journal.jsonl').isFile()
assert !new File(basedir, 'app/.autoresearch').exists()
return true
