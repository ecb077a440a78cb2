package org.spectrogan.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.spectrogan.common.SpectroganException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Entry point of the {@code spectrogan} command. */
@Command(name = "spectrogan", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Enlarges small EEG and audio datasets with a conditional Wasserstein GAN and measures whether it helps.",
        subcommands = {
            InspectCommand.class,
            FeaturesCommand.class,
            RenderCommand.class,
            TrainCommand.class,
            GenerateCommand.class,
            AugmentCommand.class,
            EvaluateCommand.class,
            PitchCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main implements Callable<Integer> {
    /** Exit status for bad input (a file, a value, a configuration). */
    public static final int EXIT_BAD_INPUT = 2;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print stack traces on errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns the exit status (tests call this). */
    public static int run(String... args) {
        configureDjlDefaults();
        CommandLine cl = newCommandLine();
        return cl.execute(args);
    }

    /** The configured command line, with spectrogan's error handling. */
    public static CommandLine newCommandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handleException);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("spectrogan: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for the options.");
            return EXIT_BAD_INPUT;
        });
        return cl;
    }

    private static int handleException(Exception ex, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean debug = parsed.hasMatchedOption("--debug")
                || (parsed.subcommand() != null && anyDebug(parsed));
        Throwable cause = ex;
        if (cause instanceof SpectroganException) {
            err.println("spectrogan: " + cause.getMessage());
            if (debug) {
                cause.printStackTrace(err);
            }
            err.flush();
            return EXIT_BAD_INPUT;
        }
        err.println("spectrogan: internal error: " + ex);
        if (debug) {
            ex.printStackTrace(err);
        } else {
            err.println("(run again with --debug for the stack trace)");
        }
        err.flush();
        return 1;
    }

    private static boolean anyDebug(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /**
     * DJL must never download: offline mode, unless the user set otherwise. Its natives unpack into
     * {@link #djlCacheDir()} unless DJL_CACHE_DIR / ENGINE_CACHE_DIR are set (environment or system property).
     * Without a {@code spectrogan.root} property (the launcher sets it), the project root is found from the jar,
     * so {@code java -jar target/spectrogan.jar ... --adapter fsdd} finds data-adapters/ and pipelines/.
     */
    static void configureDjlDefaults() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        for (String key : new String[] {"DJL_CACHE_DIR", "ENGINE_CACHE_DIR"}) {
            if (System.getProperty(key) == null && System.getenv(key) == null) {
                System.setProperty(key, djlCacheDir().toString());
            }
        }
        if (System.getProperty("spectrogan.root") == null) {
            java.nio.file.Path root = rootFromJar();
            if (root != null) {
                System.setProperty("spectrogan.root", root.toString());
            }
        }
    }

    /**
     * Where DJL's natives are unpacked by default: {@code $XDG_CACHE_HOME/spectrogan/djl}, else
     * {@code ~/.cache/spectrogan/djl}: outside target/, so {@code mvn clean} keeps the ~600 MB.
     */
    public static java.nio.file.Path djlCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        java.nio.file.Path base = xdg != null && !xdg.isBlank() ? java.nio.file.Path.of(xdg)
                : java.nio.file.Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("spectrogan").resolve("djl");
    }

    /**
     * The project folder holding data-adapters/ (or pipelines/) beside the running jar or one level up
     * (target/spectrogan.jar); null when not run from a jar or none is found.
     */
    static java.nio.file.Path rootFromJar() {
        try {
            var where = Main.class.getProtectionDomain().getCodeSource();
            if (where == null) {
                return null;
            }
            java.nio.file.Path jar = java.nio.file.Path.of(where.getLocation().toURI());
            if (!java.nio.file.Files.isRegularFile(jar)) {
                return null;
            }
            java.nio.file.Path beside = jar.getParent();
            java.nio.file.Path above = beside == null ? null : beside.getParent();
            for (java.nio.file.Path d : java.util.Arrays.asList(beside, above)) {
                if (d != null && (java.nio.file.Files.isDirectory(d.resolve("data-adapters")) || java.nio.file.Files.isDirectory(d.resolve("pipelines")))) {
                    return d;
                }
            }
        } catch (java.net.URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /** The version printed by --version. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"spectrogan " + org.spectrogan.common.Provenance.spectroganVersion()};
        }
    }
}
