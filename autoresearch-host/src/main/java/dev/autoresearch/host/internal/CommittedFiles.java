package dev.autoresearch.host.internal;

import dev.autoresearch.core.AutoresearchException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The files of a repository's last commit, read with {@code git cat-file}: what a new session's
 * experiments start from, whatever the checkout holds that is not committed.
 */
final class CommittedFiles {
    /** How long one git command may take. */
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path root;

    private CommittedFiles(Path root) {
        this.root = root;
    }

    /** The last commit of the repository at {@code root}, or empty when it has none yet. */
    static Optional<CommittedFiles> head(Path root) {
        CommittedFiles head = new CommittedFiles(root);
        return head.git("rev-parse", "--verify", "--quiet", "HEAD^{commit}").isPresent()
                ? Optional.of(head) : Optional.empty();
    }

    /** The text of {@code path} (relative to the root, {@code /} separators) in HEAD, or empty when HEAD has no such file. */
    Optional<String> read(String path) {
        return git("cat-file", "blob", "HEAD:" + path);
    }

    /** The standard output of a successful git command, or empty when git exits with an error. */
    private Optional<String> git(String... args) {
        Path out = null;
        try {
            out = Files.createTempFile("autoresearch-git", ".out");
            List<String> command = new ArrayList<>(List.of("git", "-c", "core.quotepath=false"));
            command.addAll(List.of(args));
            // Output goes to a file, so that a large file cannot fill a pipe while the wait is bounded.
            Process p = new ProcessBuilder(command).directory(root.toFile())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AutoresearchException("git " + String.join(" ", args) + " did not finish within "
                        + TIMEOUT.toSeconds() + "s in " + root);
            }
            return p.exitValue() == 0 ? Optional.of(Files.readString(out, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            throw new AutoresearchException("cannot run git in " + root + " (" + e.getMessage()
                    + "); install git and make sure it is on the PATH", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AutoresearchException("interrupted while git read " + root, e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
