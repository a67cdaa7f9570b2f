package dev.autoresearch.runners.slurm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The cluster as the tests see it: the queue, the node, and waits on a job's progress. */
final class Slurm {
    private Slurm() {
    }

    /** The job's state while it is pending or running; empty once it left the queue. */
    static String queue(String job) {
        return SlurmCluster.call(List.of("squeue", "-h", "-j", job, "-o", "%T")).output().strip();
    }

    /** The jobs in the queue, pending or running, as "id name state" lines. */
    static List<String> jobs() {
        String out = SlurmCluster.call(List.of("squeue", "-h", "-o", "%i %j %T")).output().strip();
        return out.isEmpty() ? List.of() : out.lines().toList();
    }

    static void awaitGone(String job) throws InterruptedException {
        for (int i = 0; i < 300 && !queue(job).isEmpty(); i++) {
            Thread.sleep(100);
        }
    }

    static void awaitLine(Path log, String line) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.exists(log) && Files.readAllLines(log).contains(line)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("'" + line + "' never appeared in " + log);
    }

    static void scontrol(String... arguments) {
        List<String> command = new ArrayList<>(List.of("scontrol"));
        command.addAll(List.of(arguments));
        SlurmCluster.Result r = SlurmCluster.call(command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + ": " + r.output());
        }
    }

    /** Brings the node back once the controller has failed its jobs, and waits until it is idle. */
    static void resume(String node) throws InterruptedException {
        Thread.sleep(1000);
        for (int i = 0; i < 300; i++) {
            String state = SlurmCluster.call(List.of("sinfo", "-h", "-n", node, "-o", "%T")).output().strip();
            if (state.equals("idle") || state.equals("mixed") || state.equals("allocated")) {
                return;
            }
            SlurmCluster.call(List.of("scontrol", "update", "nodename=" + node, "state=resume"));
            Thread.sleep(200);
        }
        throw new AssertionError("node " + node + " did not come back");
    }
}
