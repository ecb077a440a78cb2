package org.spectrogan.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import org.spectrogan.gan.LossPoint;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.spectrogan.augment.AugmentJob;
import org.spectrogan.augment.GanSettings;
import org.spectrogan.augment.Pipeline;
import org.spectrogan.augment.PipelineConfig;
import org.spectrogan.augment.Progress;
import org.spectrogan.augment.RecordingsLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code spectrogan augment PIPELINE.json [--out DIR] [--steps N] [--quick]}. */
@Command(name = "augment", mixinStandardHelpOptions = true,
        description = "Run a pipeline file end to end: features, group split, GAN on the train groups, synthesis, "
                + "quality gate, do-no-harm check on validation groups, gain and fidelity reports.")
public final class AugmentCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PIPELINE.json", description = "The pipeline file (see pipelines/).")
    Path pipeline;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: out/<pipeline name>). Must not exist unless --overwrite.")
    Path out;

    @Option(names = "--overwrite", description = "Replace an existing output folder (only once the new one is complete).")
    boolean overwrite;

    @Option(names = "--steps", paramLabel = "N", description = "Override the GAN steps of every GAN the pipeline trains (>= 1).")
    Integer steps;

    @Option(names = "--quick", description = "A small budget for smoke tests: 150 GAN steps, 2 repeats, sweep at 25%% only, one validation repeat, at most about 1200 rows (stratified by class and group).")
    boolean quick;

    @CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--no-progress", description = "No progress bar (log lines only).")
    boolean noProgress;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        device.apply();
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        if (steps != null && steps < 1) {
            throw new org.spectrogan.common.SpectroganException("--steps must be >= 1 generator steps, got " + steps);
        }
        PipelineConfig cfg = PipelineConfig.load(pipeline);
        Path outDir = out != null ? out : defaultOut(cfg);
        long t0 = System.nanoTime();
        try (BarProgress progress = new BarProgress(err, !noProgress && System.console() != null)) {
            AugmentJob job = new AugmentJob(cfg, new Pipeline.Budget(steps == null ? 0 : steps, quick), RecordingsLoader.INSTANCE,
                    GanSettings.Trainer.GAN, progress);
            AugmentJob.Summary s = job.run(outDir, overwrite);
            progress.close();
            stdout.println();
            stdout.println("Report: " + s.reportMarkdown() + "  (folder " + s.outDir() + ")");
            for (String line : s.lines()) {
                stdout.println("  " + line);
            }
            stdout.printf(Locale.ROOT, "Done in %.0f s.%n", (System.nanoTime() - t0) / 1e9);
            stdout.flush();
        }
        return 0;
    }

    /** out/&lt;pipeline name&gt;: the name is one plain component (checked when the file is read), so it stays in out/. */
    static Path defaultOut(PipelineConfig cfg) {
        Path root = Path.of("out").toAbsolutePath().normalize();
        Path dir = root.resolve(cfg.name()).normalize();
        if (!dir.startsWith(root) || dir.equals(root)) {
            throw org.spectrogan.common.SpectroganException.inFile(cfg.file(), "name '" + cfg.name() + "' would put the output outside " + root);
        }
        return dir;
    }

    /**
     * Stage lines on stderr, and for GAN steps and evaluation fits either a progress bar (on a terminal) or, when
     * stderr is not a terminal or bars are off, one plain line every {@link #PLAIN_LINE_SECONDS} s at most (no
     * carriage-return redraws in a log file).
     */
    static final class BarProgress implements Progress, AutoCloseable {
        static final double PLAIN_LINE_SECONDS = 5.0;
        private final PrintWriter err;
        private final boolean bars;
        private ProgressBar bar;
        private boolean ganBar;
        private int totalSteps;
        private int firstStep;
        private long ganStarted;
        private long lastPlainLine;
        private int ticks;
        private LossPoint last;

        BarProgress(PrintWriter err, boolean bars) {
            this.err = err;
            this.bars = bars;
        }

        @Override
        public synchronized void stage(String message) {
            closeBar();
            ticks = 0;
            lastPlainLine = System.nanoTime();
            err.println("» " + message);
            err.flush();
        }

        @Override
        public synchronized void note(String line) {
            closeBar();
            err.println("  " + line);
            err.flush();
        }

        @Override
        public synchronized void tick(String message) {
            ticks++;
            if (!bars) {
                plainLine(String.format(Locale.ROOT, "  %d done; last: %s", ticks, shorten(message)));
                return;
            }
            if (bar == null || ganBar) {
                closeBar();
                bar = new ProgressBarBuilder().setTaskName("work").setInitialMax(-1).setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
                ganBar = false;
            }
            bar.step();
            bar.setExtraMessage(shorten(message));
        }

        @Override
        public synchronized void onTrainingBegin(int first, int total) {
            totalSteps = total;
            firstStep = first;
            ganStarted = System.nanoTime();
            last = null;
            if (bars) {
                closeBar();
                bar = new ProgressBarBuilder().setTaskName("GAN").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err)).build();
                bar.stepTo(first);
                ganBar = true;
            }
        }

        @Override
        public synchronized void onStep(LossPoint p) {
            last = p;
            double rate = (p.step() - firstStep) / Math.max((System.nanoTime() - ganStarted) / 1e9, 1e-9);
            String text = String.format(Locale.ROOT, "W %.3f  %.0f steps/s", p.wassersteinEstimate(), rate);
            if (!bars) {
                plainLine(String.format(Locale.ROOT, "  GAN step %d/%d: %s", p.step(), totalSteps, text));
                return;
            }
            if (bar != null && ganBar) {
                bar.stepTo(p.step());
                bar.setExtraMessage(text);
            }
        }

        @Override
        public synchronized void onTrainingEnd(int lastStep, boolean stoppedEarly) {
            if (bars) {
                closeBar();
            }
            err.printf(Locale.ROOT, "  GAN: %d steps%s%s%n", lastStep, stoppedEarly ? " (stopped early)" : "",
                    last == null ? "" : String.format(Locale.ROOT, ", Wasserstein estimate %.4f", last.wassersteinEstimate()));
            err.flush();
        }

        /** A plain line, at most one every {@link #PLAIN_LINE_SECONDS} s. */
        private void plainLine(String line) {
            long now = System.nanoTime();
            if ((now - lastPlainLine) / 1e9 >= PLAIN_LINE_SECONDS) {
                lastPlainLine = now;
                err.println(line);
                err.flush();
            }
        }

        private static String shorten(String s) {
            return s.length() > 60 ? s.substring(0, 57) + "..." : s;
        }

        private void closeBar() {
            if (bar != null) {
                bar.close();
                bar = null;
            }
        }

        @Override
        public synchronized void close() {
            closeBar();
            err.flush();
        }
    }
}
