// The build failed on the unknown key, named with its file, before any session was opened.
def log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log =~ /\[ERROR\] Failed to execute goal dev\.autoresearch:autoresearch-maven-plugin:[^:]+:run .*program\.md.*metrik/
assert !new File(basedir, '.autoresearch').exists()
return true
