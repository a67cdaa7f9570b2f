// The plugin's status showed the command's session; the command's status shows the plugin's.
def log = new File(basedir, 'build.log').text
assert log.contains('session fromcli: score (minimize) on branch autoresearch/fromcli')
assert log.contains('not running; to resume: mvn autoresearch:run -Dautoresearch.tag=fromcli')
assert log =~ /#1\s+SCORE 10 ->/

def p = new ProcessBuilder([System.getProperty('java.home') + '/bin/java', '-jar', cliJar, 'status', '--tag', 'fromplugin'])
        .directory(basedir).redirectErrorStream(true).start()
def out = p.inputStream.text
assert p.waitFor() == 0 : out
assert out.contains('session fromplugin: score (minimize) on branch autoresearch/fromplugin') : out
assert out.contains('not running; to resume: autoresearch run --tag fromplugin') : out
assert out =~ /#1\s+SCORE 10 ->/
return true
