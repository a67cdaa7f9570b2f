package dev.autoresearch.cli;

/**
 * Registers work to do when the JVM is asked to exit (Ctrl-C, SIGTERM). The real one uses
 * {@link Runtime#addShutdownHook}; tests use one that registers nothing.
 */
public interface ShutdownHooks {
    /** Registers {@code hook}; closing the result removes it again. */
    Registration register(Thread hook);

    /** A registered hook. */
    interface Registration extends AutoCloseable {
        /** Removes the hook; does nothing when the JVM is already shutting down. */
        @Override
        void close();
    }

    /** The JVM's shutdown hooks. */
    static ShutdownHooks runtime() {
        return hook -> {
            Runtime.getRuntime().addShutdownHook(hook);
            return () -> {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running or has run: nothing to remove
                }
            };
        };
    }

    /** Registers nothing: for running commands inside another program, and for tests. */
    static ShutdownHooks none() {
        return hook -> () -> {
        };
    }
}
