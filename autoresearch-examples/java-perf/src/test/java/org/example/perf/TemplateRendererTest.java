package org.example.perf;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What a caller of the renderer relies on; a faster renderer must still pass all of it. */
class TemplateRendererTest {
    private final TemplateRenderer renderer = new TemplateRenderer();

    @Test
    void replacesEachPlaceholderWithItsValue() {
        assertEquals("Hello, Ada! You have 3 messages.",
                renderer.render("Hello, {{name}}! You have {{ count }} messages.", Map.of("name", "Ada", "count", 3)));
    }

    @Test
    void escapesTheHtmlSpecialCharactersOfValues() {
        assertEquals("<b>&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;</b>",
                renderer.render("<b>{{v}}</b>", Map.of("v", "<a href=\"x\">Tom & Jerry's</a>")));
    }

    @Test
    void leavesLiteralTextAndUnmatchedBracesAlone() {
        assertEquals("{ {{ }} {x y} & <p>", renderer.render("{ {{ }} {x y} & <p>", Map.of()));
        assertEquals("", renderer.render("", Map.of()));
        assertEquals("ab", renderer.render("{{a}}{{b}}", Map.of("a", "a", "b", "b")));
    }

    @Test
    void escapeKeepsOtherCharactersIncludingNonAscii() {
        assertEquals("caf\u00e9 \u2603 \uD83D\uDE00 plain", TemplateRenderer.escape("caf\u00e9 \u2603 \uD83D\uDE00 plain"));
        assertEquals("&amp;&amp;&lt;&lt;", TemplateRenderer.escape("&&<<"));
    }

    @Test
    void aPlaceholderWithoutAValueIsAnErrorNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> renderer.render("Hi {{ who }}", Map.of("name", "Ada")));
        assertEquals("no value for placeholder 'who'", e.getMessage());
    }

    @Test
    void theSameTemplateWithOtherValuesRendersTheOtherValues() {
        String template = "<li>{{item}}</li>";
        assertEquals("<li>tea</li>", renderer.render(template, Map.of("item", "tea")));
        assertEquals("<li>cake &amp; cream</li>", renderer.render(template, Map.of("item", "cake & cream")));
    }

    @Test
    void manyTemplatesInTurnRenderTheSameAsEachAlone() {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 20; i++) {
                String template = "#" + i + " {{x}} " + "-".repeat(i);
                assertEquals("#" + i + " &lt;" + i + "&gt; " + "-".repeat(i),
                        renderer.render(template, Map.of("x", "<" + i + ">")));
            }
        }
    }
}
