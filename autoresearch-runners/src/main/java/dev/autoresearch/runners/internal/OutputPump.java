package dev.autoresearch.runners.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Copies a child's output into its {@link BoundedLog} on a daemon thread of its own, to the end of
 * the stream, so that the child never blocks on a full pipe.
 *
 * <p>The thread holds the stream's monitor for the whole copy. When the child exits, the JDK takes
 * that monitor to read what the pipe still holds into memory and close it. Closed early, the pipe
 * would lose what the rest of the tree writes afterwards, typically a program's own shutdown
 * output after the {@code sh -c} around it died of SIGTERM at a timeout (and the program would get
 * SIGPIPE while saving its work); and a process flooding the pipe could grow that buffer. Holding
 * the monitor keeps every byte flowing through the bounded log until the tree is stopped and the
 * pipe is at its end. This needs the thread to take the monitor before the child exits: the
 * runner holds the child back until then ({@code whenReading} ends the child's standard input,
 * which its start gate waits on); a child that exited first would have its pipe closed under it,
 * and a process that escaped the run with the pipe would go unnoticed.
 */
public final class OutputPump {
    private static final Logger LOG = LoggerFactory.getLogger(OutputPump.class);

    private final InputStream input;
    private final BoundedLog log;
    private final CountDownLatch done = new CountDownLatch(1);

    private OutputPump(InputStream input, BoundedLog log) {
        this.input = input;
        this.log = log;
    }

    /**
     * Starts copying {@code input} into {@code log}; {@code whenReading} runs on the copying thread
     * once it holds the stream, before the first read.
     */
    public static OutputPump start(InputStream input, BoundedLog log, String name, Runnable whenReading) {
        OutputPump pump = new OutputPump(input, log);
        Thread thread = new Thread(() -> pump.copy(whenReading), name);
        thread.setDaemon(true);
        thread.start();
        return pump;
    }

    private void copy(Runnable whenReading) {
        byte[] buffer = new byte[64 * 1024];
        try {
            synchronized (input) {
                try {
                    whenReading.run();
                } catch (RuntimeException e) {
                    LOG.debug("releasing the child of {} failed", log.path(), e);
                }
                int n;
                while ((n = input.read(buffer)) >= 0) {
                    try {
                        log.write(buffer, 0, n);
                    } catch (RuntimeException e) {
                        LOG.error("writing the output to {} failed; the rest is drained and dropped", log.path(), e);
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("output of {} ended with {}", log.path(), e.toString());
        } finally {
            done.countDown();
        }
    }

    /**
     * Waits up to {@code timeout} for the end of the output; true when it came. Interrupts do not
     * cut the wait short; one that arrives is kept in the thread's flag.
     */
    public boolean await(Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return done.await(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
