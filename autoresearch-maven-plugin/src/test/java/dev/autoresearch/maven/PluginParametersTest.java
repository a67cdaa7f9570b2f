package dev.autoresearch.maven;

import dev.autoresearch.cli.AutoresearchCommand;
import dev.autoresearch.cli.CliContext;
import dev.autoresearch.cli.ShutdownHooks;
import dev.autoresearch.core.program.ProgramKey;
import dev.autoresearch.core.program.ProgramKeys;
import dev.autoresearch.host.DefaultComponents;
import dev.autoresearch.host.OptionStyle;
import dev.autoresearch.host.KeyOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plugin as Maven sees it (its generated descriptor): the goal prefix, the goals, and a
 * parameter with the user property {@code autoresearch.<name>} for every program.md key and for
 * every flag of the command's {@code run}, so that a key or a flag added later without a parameter
 * fails here.
 */
class PluginParametersTest {
    private static Document descriptor;

    @BeforeAll
    static void readTheDescriptor() throws Exception {
        Path xml = Path.of("target/classes/META-INF/maven/plugin.xml");
        assertThat(xml).as("the descriptor maven-plugin-plugin generates before the tests").isRegularFile();
        descriptor = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
    }

    @Test
    void theGoalPrefixAndTheGoals() {
        assertThat(text(descriptor.getDocumentElement(), "goalPrefix")).isEqualTo("autoresearch");
        assertThat(mojos().keySet()).containsExactlyInAnyOrder("run", "status", "report", "init", "ideas");
    }

    @Test
    void everyProgramKeyHasARunParameterAndItsProperty() throws Exception {
        Map<String, String> run = properties(mojos().get("run"));
        for (ProgramKey key : ProgramKeys.all()) {
            assertThat(run).as("the parameter of program.md key '%s'", key.name())
                    .containsEntry(KeyOptions.parameter(key), "${" + OptionStyle.MAVEN.name(key.option()) + "}");
        }
        RunMojo mojo = new RunMojo();
        for (ProgramKey key : ProgramKeys.all()) {
            Field f = ProgramMojo.class.getDeclaredField(KeyOptions.parameter(key));
            f.set(mojo, f.getType() == List.class ? List.of("x") : "x");
            assertThat(mojo.values(key)).as("what the goal reads for %s", key).containsExactly("x");
        }
    }

    /** A parameter left for a key that is gone, or added without declaring its key, fails here. */
    @Test
    void everyProgramParameterIsADeclaredKey() {
        Set<String> keyParameters = ProgramKeys.all().stream().map(KeyOptions::parameter).collect(Collectors.toSet());
        List<String> fields = java.util.Arrays.stream(ProgramMojo.class.getDeclaredFields())
                .filter(f -> !f.isSynthetic() && !java.lang.reflect.Modifier.isStatic(f.getModifiers()))
                .map(Field::getName).filter(name -> !name.equals("program")).toList();

        assertThat(fields).contains("maxExperiments", "slurmExtra", "noChecks");
        assertThat(fields).as("ProgramMojo's parameters besides program").containsExactlyInAnyOrderElementsOf(keyParameters);
    }

    @Test
    void everyFlagOfTheCommandsRunHasARunParameter(@TempDir Path dir) {
        CliContext context = new CliContext(dir, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                Map.of(), false, new DefaultComponents(Map.of()), InstantSource.system(), ShutdownHooks.none());
        Set<String> flags = AutoresearchCommand.commandLine(context).getSubcommands().get("run").getCommandSpec()
                .options().stream().map(o -> o.longestName()).filter(n -> n.startsWith("--"))
                .filter(n -> !n.equals("--help") && !n.equals("--version") && !n.equals("--verbose"))
                .collect(Collectors.toSet());
        Map<String, String> run = properties(mojos().get("run"));

        assertThat(flags).contains("--tag", "--max-experiments", "--constraint", "--no-checks", "--file-budget");
        for (String flag : flags) {
            String name = OptionStyle.camel(flag.substring(2));
            assertThat(run).as("the parameter of flag %s", flag).containsEntry(name, "${autoresearch." + name + "}");
        }
        assertThat(run).containsEntry("program", "${autoresearch.program}");
    }

    @Test
    void statusReportAndInitTakeTheCommandsOptions() {
        assertThat(properties(mojos().get("status"))).containsEntry("tag", "${autoresearch.tag}")
                .containsEntry("last", "${autoresearch.last}");
        assertThat(properties(mojos().get("report"))).containsEntry("tag", "${autoresearch.tag}");
        assertThat(properties(mojos().get("init"))).containsKeys("metric", "direction", "run", "editable", "readonly",
                "checks", "timeout", "tune", "output", "force");
    }

    @Test
    void theGoalsRunOncePerBuildNotOncePerModule() {
        for (Element mojo : mojos().values()) {
            assertThat(text(mojo, "aggregator")).as(text(mojo, "goal")).isEqualTo("true");
        }
    }

    /** The mojos by goal. */
    private static Map<String, Element> mojos() {
        Map<String, Element> mojos = new LinkedHashMap<>();
        NodeList list = descriptor.getElementsByTagName("mojo");
        for (int i = 0; i < list.getLength(); i++) {
            Element mojo = (Element) list.item(i);
            mojos.put(text(mojo, "goal"), mojo);
        }
        return mojos;
    }

    /** A mojo's parameters and the expressions that set them, from its configuration section. */
    private static Map<String, String> properties(Element mojo) {
        Map<String, String> expressions = new LinkedHashMap<>();
        Element configuration = (Element) mojo.getElementsByTagName("configuration").item(0);
        NodeList children = configuration.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element e) {
                expressions.put(e.getTagName(), e.getTextContent().strip());
            }
        }
        List<String> declared = new ArrayList<>();
        NodeList parameters = ((Element) mojo.getElementsByTagName("parameters").item(0)).getElementsByTagName("parameter");
        for (int i = 0; i < parameters.getLength(); i++) {
            declared.add(text((Element) parameters.item(i), "name"));
        }
        expressions.keySet().retainAll(declared);
        return expressions;
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }
}
