package org.spectrogan.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectrogan.SharedData;
import org.spectrogan.adapters.AdapterSpec;
import org.spectrogan.adapters.Recording;
import org.spectrogan.adapters.Recordings;

class PitchTrackerTest {

    @Test
    void knownSinesAreFoundWithinTwoCents() {
        double rate = 22050;
        for (double f : new double[] {110, 220.5, 440, 987.77}) {
            float[] x = new float[22050];
            for (int t = 0; t < x.length; t++) {
                x[t] = (float) (0.5 * Math.sin(2 * Math.PI * f * t / rate) + 0.1 * Math.sin(2 * Math.PI * 2 * f * t / rate));
            }
            PitchTracker.Track tr = PitchTracker.track(x, rate, 2048, 512, 50, 2000);
            for (double est : tr.f0Hz()) {
                assertTrue(est > 0, "voiced at " + f);
                assertTrue(PitchTracker.centsError(est, f) < 2.0, f + " Hz estimated " + est);
            }
        }
        PitchTracker.Track silence = PitchTracker.track(new float[22050], rate, 2048, 512, 50, 2000);
        assertTrue(Arrays.stream(silence.f0Hz()).allMatch(v -> v == 0), "silence is unvoiced");
    }

    @Test
    void aDiscontinuousRecordingIsTrackedPieceByPieceOnItsTrueTimeAxis() {
        // piece A: 1.0 s of 220 Hz from 0 s; a 0.5 s gap; piece B: 1.0 s of 330 Hz from 1.5 s; a 300-sample scrap
        double rate = 8000;
        float[] x = new float[16300];
        for (int t = 0; t < 16000; t++) {
            double f = t < 8000 ? 220 : 330;
            x[t] = (float) Math.sin(2 * Math.PI * f * t / rate);
        }
        int frame = 512;
        int hop = 128;
        PitchTracker.Track tr = PitchTracker.track(x, rate, frame, hop, 60, 1000, new int[] {0, 8000, 16000},
                new double[] {0.0, 1.5, 3.0});
        int perPiece = Frames.count(8000, frame, hop);
        assertEquals(2 * perPiece, tr.f0Hz().length, "frames of the two long pieces only");
        for (int i = 0; i < tr.f0Hz().length; i++) {
            double t = tr.timesSeconds()[i];
            boolean inA = t >= frame / 2.0 / rate && t <= 1.0 - frame / 2.0 / rate + 1e-12;
            boolean inB = t >= 1.5 + frame / 2.0 / rate && t <= 2.5 - frame / 2.0 / rate + 1e-12;
            assertTrue(inA || inB, "frame centre " + t + " s is not inside a piece");
            double expected = inA ? 220 : 330;
            assertTrue(PitchTracker.centsError(tr.f0Hz()[i], expected) < 5, t + " s: " + tr.f0Hz()[i] + " Hz, not " + expected);
        }
        assertEquals(0.0, tr.at(1.25), "in the gap");
        assertEquals(0.0, tr.at(2.75), "after the last frame");
        assertTrue(PitchTracker.centsError(tr.at(2.0), 330) < 5);
        assertTrue(PitchTracker.centsError(tr.at(0.5), 220) < 5);
    }

    /** Median cents error on frames voiced in both the annotation and the YIN track. */
    static double[] compare(Path wav, Path f0csv) throws Exception {
        Recording rec = Recordings.readFile(wav, AdapterSpec.defaults());
        PitchTracker.Track tr = PitchTracker.track(rec.channel(0), rec.sampleRateHz(), 2048, 256, 60, 1200);
        List<String> lines = Files.readAllLines(f0csv);
        double[] times = new double[lines.size()];
        double[] hz = new double[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            String[] c = lines.get(i).split(",");
            times[i] = Double.parseDouble(c[0]);
            hz[i] = Double.parseDouble(c[1]);
        }
        PitchTracker.Agreement a = PitchTracker.compare(tr, times, hz);
        return new double[] {a.medianCentsError(), a.voicedRecall()};
    }

    @Test
    void vocaditoF0MatchesTheAnnotation() throws Exception {
        Path wav = SharedData.require("data/singing-clips/vocadito__Audio__vocadito_1.wav");
        Path f0 = SharedData.require("data/singing-clips/f0/vocadito__Annotations__F0__vocadito_1_f0.csv");
        double[] r = compare(wav, f0);
        System.out.printf("vocadito_1 YIN (TarsosDSP): median error %.1f cents on frames voiced in both; %.0f%% of annotated voiced frames found voiced%n",
                r[0], 100 * r[1]);
        assertTrue(r[0] < 25, "median cents " + r[0]);
        assertTrue(r[1] > 0.7, "voiced recall " + r[1]);
    }

    /**
     * The 1-s Dagstuhl clips carry only 5 annotated frames (0.40-0.42 s, at a note onset where f0 moves by up to
     * 35 cents): a coarse check that YIN is within a semitone (no octave errors), not a precision figure.
     */
    @Test
    void dagstuhlLarynxMicF0MatchesTheAnnotation() throws Exception {
        for (String voice : List.of("A2", "B2", "S1", "T2")) {
            Path wav = SharedData.require("data/singing-clips/dagstuhl_choirset__audio_wav_22050_mono__DCS_LI_QuartetB_Take04_" + voice + "_LRX.wav");
            Path f0 = SharedData.require("data/singing-clips/f0/dagstuhl_choirset__annotations_csv_F0_manual__DCS_LI_QuartetB_Take04_" + voice + "_LRX.csv");
            double[] r = compare(wav, f0);
            System.out.printf("dagstuhl %s LRX YIN: median error %.1f cents, voiced recall %.0f%%%n", voice, r[0], 100 * r[1]);
            assertTrue(r[0] < 100, voice + " median cents " + r[0]);
        }
        assertEquals(0.0, PitchTracker.centsError(440, 440), 0.0);
        assertEquals(1200.0, PitchTracker.centsError(880, 440), 1e-9);
    }
}
