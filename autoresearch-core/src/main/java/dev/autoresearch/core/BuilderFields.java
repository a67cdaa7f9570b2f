package dev.autoresearch.core;

/** What the value builders share: the one message for a required field that was never given. */
final class BuilderFields {
    private BuilderFields() {
    }

    /**
     * Fails when {@code value} was not set.
     *
     * @throws IllegalStateException naming the field and the call that sets it
     */
    static void required(Object value, String name, String type) {
        if (value == null) {
            throw new IllegalStateException("no " + name + ": call " + name + "(" + type + ")");
        }
    }
}
