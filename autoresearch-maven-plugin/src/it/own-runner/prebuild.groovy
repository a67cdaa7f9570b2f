// The project as a git repository with one commit, and the jar of a runner of a team's own (the command's
// tests use the same sources), compiled against the library and installed where the build resolves the
// plugin's dependencies.
import javax.tools.ToolProvider
import java.util.jar.JarEntry
import java.util.jar.JarOutputStream

evaluate(new File(itDirectory, 'sample-repo.groovy'))

def repo = new File(localRepo)
def target = new File(repo, 'dev/autoresearch/it/queue-providers/1.0')
def jar = new File(target, 'queue-providers-1.0.jar')
def sources = new File(providerSources)
def newest = 0L
sources.eachFileRecurse { f -> newest = Math.max(newest, f.lastModified()) }
if (jar.isFile() && jar.lastModified() >= newest) {
    return true // made by an earlier build, from the same sources
}
def library = []
new File(repo, 'dev/autoresearch').eachFileRecurse { f ->
    if (f.name.endsWith('.jar') && !f.name.contains('-tests') && !f.name.contains('maven-plugin')) {
        library << f.path
    }
}
def javaFiles = []
sources.eachFileRecurse { f -> if (f.name.endsWith('.java')) javaFiles << f.path }
def classes = new File(basedir, 'target/provider-classes')
classes.mkdirs()
def messages = new ByteArrayOutputStream()
def args = ['-d', classes.path, '-cp', library.join(File.pathSeparator), '-proc:none'] + javaFiles
if (ToolProvider.systemJavaCompiler.run(null, messages, messages, args as String[]) != 0) {
    throw new IllegalStateException("the providers do not compile:\n" + messages)
}
target.mkdirs()
new JarOutputStream(new FileOutputStream(jar)).withCloseable { out ->
    classes.eachFileRecurse { f ->
        if (f.isFile()) {
            out.putNextEntry(new JarEntry(classes.toPath().relativize(f.toPath()).toString().replace('\\', '/')))
            out.write(f.bytes)
            out.closeEntry()
        }
    }
    new File(sources, 'services').eachFile { f ->
        out.putNextEntry(new JarEntry('META-INF/services/' + f.name))
        out.write(f.bytes)
        out.closeEntry()
    }
}
new File(target, 'queue-providers-1.0.pom').text = '''<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.autoresearch.it</groupId>
  <artifactId>queue-providers</artifactId>
  <version>1.0</version>
</project>
'''
return true
