package org.spectrogan.features;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.spectrogan.SharedData;
import org.spectrogan.adapters.AdapterSpec;
import org.spectrogan.adapters.Recording;
import org.spectrogan.adapters.Recordings;

/**
 * Mel filterbanks, log-mel and MFCC against librosa 0.11 (values in src/test/resources/org/spectrogan/features,
 * written by make_librosa_reference.py there). librosa builds its filterbank in float32, hence the tolerances.
 */
class LibrosaReferenceTest {
    static TestSignals.Csv resource(String name) throws Exception {
        return TestSignals.readCsv(Path.of(LibrosaReferenceTest.class.getResource(name).toURI()));
    }

    static void compareFilterbank(MelFilterbank fb, TestSignals.Csv ref) {
        assertEquals(ref.rows().length, fb.melCount());
        double worst = 0;
        for (int m = 0; m < fb.melCount(); m++) {
            for (int k = 0; k < fb.binCount(); k++) {
                double e = ref.rows()[m][k];
                double got = fb.weights()[m][k];
                worst = Math.max(worst, Math.abs(got - e));
                assertEquals(e, got, 1e-6 * Math.abs(e) + 1e-9, "mel " + m + " bin " + k);
            }
        }
        System.out.println("mel filterbank vs librosa: worst absolute error " + worst);
    }

    @Test
    void slaneyFilterbankEqualsLibrosaDefault() throws Exception {
        compareFilterbank(new MelFilterbank(8000, 256, 40, 0, 4000, MelScale.SLANEY),
                resource("librosa-mel-slaney-sr8000-nfft256-n40.csv"));
    }

    @Test
    void htkFilterbankEqualsLibrosaHtk() throws Exception {
        compareFilterbank(new MelFilterbank(8000, 256, 32, 100, 3000, MelScale.HTK),
                resource("librosa-mel-htk-sr8000-nfft256-n32-f100-3000.csv"));
    }

    @Test
    void logmelAndMfccOfFsddEqualLibrosa() throws Exception {
        TestSignals.Csv ref = resource("librosa-logmel-mfcc-fsdd-0_george_0.csv");
        Recording rec = Recordings.readFile(SharedData.require("data/fsdd/recordings/0_george_0.wav"), AdapterSpec.defaults());
        FeatureSpec logmel = FeatureSpec.builder().setKind(FeatureKind.LOGMEL).optNpersegSamples(256).optHopSamples(64)
                .optNMels(40).optPatchFrames(1).build();
        FeatureTable mel = Features.extract(List.of(rec), logmel);
        FeatureTable mfcc = Features.extract(List.of(rec), logmel.toBuilder().setKind(FeatureKind.MFCC).optNMfcc(13).build());
        assertEquals(ref.rows().length, mel.size());
        double worstMel = 0;
        double worstMfcc = 0;
        for (int t = 0; t < ref.rows().length; t++) {
            for (int m = 0; m < 40; m++) {
                double e = ref.rows()[t][m];
                double got = mel.rows().get(t).values()[m];
                worstMel = Math.max(worstMel, Math.abs(got - e));
                assertEquals(e, got, 1e-4, "frame " + t + " mel " + m + " (dB)");
            }
            for (int c = 0; c < 13; c++) {
                double e = ref.rows()[t][40 + c];
                double got = mfcc.rows().get(t).values()[c];
                worstMfcc = Math.max(worstMfcc, Math.abs(got - e));
                assertEquals(e, got, 1e-3, "frame " + t + " mfcc " + c);
            }
        }
        System.out.println("fsdd log-mel vs librosa: worst " + worstMel + " dB; MFCC worst " + worstMfcc);
    }
}
