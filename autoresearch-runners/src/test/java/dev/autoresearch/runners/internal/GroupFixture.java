package dev.autoresearch.runners.internal;

import dev.autoresearch.runners.Processes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * A JVM for {@link ProcessTreeNetsTest} whose {@code PATH} the test chooses, as in a slim container
 * image. {@code group <dir> <sleep>}: starts a shell in its own group that leaves {@code sleep 300}
 * in the background and writes its pid to {@code pids}, then stops the tree by signalling the group
 * alone. {@code trees <dir> <sleep>}: starts and stops two trees of one {@code sleep}.
 */
public final class GroupFixture {
    private GroupFixture() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        String sleep = args[2];
        if (args[0].equals("group")) {
            Process process = start(dir, "sh", "-c", "\"$1\" 300 & echo $! > pids; wait", "sh", sleep);
            Processes.awaitPids(dir.resolve("pids"), 1);
            ProcessTree tree = new ProcessTree(process, true, "AUTORESEARCH_TEST=unused", EnumSet.of(ProcessTree.Net.GROUP_SIGNAL));
            System.out.println(tree.stop(Duration.ofSeconds(1)));
        } else {
            for (int i = 0; i < 2; i++) {
                ProcessTree tree = new ProcessTree(start(dir, sleep, "300"), true, "AUTORESEARCH_TEST=unused");
                System.out.println(tree.stop(Duration.ofSeconds(1)));
            }
        }
    }

    private static Process start(Path dir, String... command) throws Exception {
        List<String> arguments = new ArrayList<>(Procs.groupLauncher());
        if (arguments.isEmpty()) {
            throw new IllegalStateException("no setsid on the PATH");
        }
        arguments.addAll(List.of(command));
        return new ProcessBuilder(arguments).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
