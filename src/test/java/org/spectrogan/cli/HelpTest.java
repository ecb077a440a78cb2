package org.spectrogan.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code --help} of every command prints no picocli warning (e.g. "Could not format" from an unescaped %), and
 * the line a parent command lists for each subcommand (the first description line) is a complete sentence.
 */
class HelpTest {
    @Test
    void everyHelpIsCleanAndEveryListedDescriptionComplete() {
        List<List<String>> paths = new ArrayList<>();
        collect(Main.newCommandLine(), new ArrayList<>(), paths);
        assertTrue(paths.size() >= 12, "commands found: " + paths);
        for (List<String> path : paths) {
            List<String> args = new ArrayList<>(path);
            args.add("--help");
            PrintStream saved = System.err;
            ByteArrayOutputStream traced = new ByteArrayOutputStream();
            CliRun run;
            try {
                System.setErr(new PrintStream(traced, true, StandardCharsets.UTF_8));
                run = CliRun.of(args.toArray(String[]::new));
            } finally {
                System.setErr(saved);
            }
            String all = run.out() + run.err() + traced.toString(StandardCharsets.UTF_8);
            assertEquals(0, run.status(), args + ": " + all);
            assertFalse(all.contains("WARN"), args + " prints a warning:\n" + all);
            assertTrue(run.out().contains("Usage:"), args + ": " + all);
        }
    }

    @Test
    void listedDescriptionsAreCompleteSentences() {
        checkChildren(Main.newCommandLine());
    }

    @Test
    void oneJLineVersionAndNoDeprecatedJansiProviderOnTheClasspath() {
        // two JLine versions (3.27.1 via Tribuo's OLCUT, 3.29.0 via progressbar) made JLine print "terminal
        // provider jansi has been deprecated" before every progress bar
        java.util.Set<String> versions = new java.util.TreeSet<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = java.nio.file.Path.of(entry).getFileName().toString();
            if (name.startsWith("jline")) {
                assertFalse(name.startsWith("jline-terminal-jansi"), "deprecated provider on the classpath: " + entry);
                versions.add(name.replaceAll("^jline(-[a-z]+)*-", "").replace(".jar", ""));
            }
        }
        assertEquals(1, versions.size(), "JLine versions on the classpath: " + versions);
    }

    private static void checkChildren(CommandLine parent) {
        String usage = squash(parent.getUsageMessage(CommandLine.Help.Ansi.OFF));
        for (CommandLine child : parent.getSubcommands().values()) {
            // picocli lists the header when there is one (its own help command), else the first description line
            String[] header = child.getCommandSpec().usageMessage().header();
            String[] d = header.length > 0 ? header : child.getCommandSpec().usageMessage().description();
            assertTrue(d.length > 0, child.getCommandName() + " has no description");
            String first = d[0].strip();
            assertTrue(first.endsWith("."), "'" + child.getCommandName() + "' is listed as a cut sentence: " + first);
            assertTrue(usage.contains(squash(first)), parent.getCommandName() + " does not list '" + first + "' whole:\n" + usage);
            checkChildren(child);
        }
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        for (var e : cl.getSubcommands().entrySet()) {
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            collect(e.getValue(), p, out);
        }
    }

    private static String squash(String s) {
        return s.replaceAll("\\s+", " ");
    }
}
