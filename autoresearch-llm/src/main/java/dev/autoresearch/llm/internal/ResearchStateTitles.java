package dev.autoresearch.llm.internal;

import java.util.Locale;

/** Title comparison as {@code ResearchState.hasTried} does it: case and spacing ignored. */
final class ResearchStateTitles {
    private ResearchStateTitles() {
    }

    static boolean sameTitle(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    private static String normalize(String title) {
        return title.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
