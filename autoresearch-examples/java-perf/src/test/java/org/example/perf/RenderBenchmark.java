package org.example.perf;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One operation renders a page: the eight templates of a small shop page (layout, header, product
 * cards, reviews, footer...), each with values of which some need escaping, as a web application
 * renders them for every request.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RenderBenchmark {
    private TemplateRenderer renderer;
    private List<String> templates;
    private Map<String, Object> values;

    @Setup
    public void setUp() {
        renderer = new TemplateRenderer();
        templates = new ArrayList<>();
        String[] sections = {"head", "header", "nav", "product", "price", "reviews", "related", "footer"};
        for (int t = 0; t < sections.length; t++) {
            StringBuilder sb = new StringBuilder();
            sb.append("<section class=\"").append(sections[t]).append("\">\n");
            for (int row = 0; row < 6; row++) {
                sb.append("  <div class=\"row row-").append(row).append("\">")
                        .append("<span class=\"label\">{{ label").append(row).append(" }}</span>")
                        .append(" <a href=\"/item/{{id}}?ref=").append(sections[t]).append("\">{{title}}</a>")
                        .append(" <em>{{ price }}</em> by {{author}} &middot; {{ note").append(row % 3).append(" }}</div>\n");
            }
            sb.append("</section>\n");
            templates.add(sb.toString());
        }
        values = new HashMap<>();
        for (int row = 0; row < 6; row++) {
            values.put("label" + row, "Label " + row);
        }
        values.put("id", 4711);
        values.put("title", "Fish & Chips \"Deluxe\" <limited>");
        values.put("price", "12.50 EUR");
        values.put("author", "O'Brien");
        values.put("note0", "Ships in 2 days");
        values.put("note1", "Rated 4.5/5 by 1,024 customers");
        values.put("note2", "Free returns <30 days> & no questions asked");
    }

    @Benchmark
    public void renderPage(Blackhole bh) {
        for (String template : templates) {
            bh.consume(renderer.render(template, values));
        }
    }
}
