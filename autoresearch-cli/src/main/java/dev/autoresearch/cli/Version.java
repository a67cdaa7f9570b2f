package dev.autoresearch.cli;

import picocli.CommandLine;

/** The version printed by {@code --version}: the jar's Implementation-Version, or {@code dev} from sources. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"autoresearch " + (v == null ? "dev" : v),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
