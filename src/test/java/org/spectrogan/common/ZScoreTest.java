package org.spectrogan.common;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ZScoreTest {
    // column 0: 1, 2, 3, 6 (mean 3, population variance (4 + 1 + 0 + 9) / 4 = 3.5); column 1 constant 5
    private static final double[][] ROWS = {{1, 5}, {2, 5}, {3, 5}, {6, 5}};

    @Test
    void fitsMeanAndPopulationStandardDeviation() {
        for (ZScore.ConstantColumns rule : ZScore.ConstantColumns.values()) {
            ZScore z = ZScore.fit(ROWS, rule);
            assertArrayEquals(new double[] {3, 5}, z.mean(), 0.0);
            assertEquals(Math.sqrt(3.5), z.std()[0], 1e-15);
            assertEquals(0.0, z.std()[1]);
            assertTrue(z.isConstant(1));
            assertFalse(z.isConstant(0));
            assertEquals((6 - 3) / Math.sqrt(3.5), z.apply(0, 6), 1e-15);
            assertEquals(6, z.invert(0, z.apply(0, 6)), 1e-12);
        }
    }

    @Test
    void aConstantColumnIsCentredOrPinnedByTheCallersRule() {
        ZScore centre = ZScore.fit(ROWS, ZScore.ConstantColumns.CENTRE);
        ZScore pin = ZScore.fit(ROWS, ZScore.ConstantColumns.PIN);
        assertEquals(0.0, centre.apply(1, 5));
        assertEquals(2.0, centre.apply(1, 7), "centred: a value off the constant stays visible");
        assertEquals(0.0, pin.apply(1, 7), "pinned: every value maps to 0");
        assertEquals(5.0, pin.invert(1, 0.7), "pinned: the inverse is the training constant");
        assertEquals(5.7, centre.invert(1, 0.7), 1e-12);
    }

    @Test
    void storedStatisticsGiveTheSameTransform() {
        ZScore z = ZScore.fit(ROWS, ZScore.ConstantColumns.PIN);
        ZScore back = ZScore.of(z.mean(), z.std(), ZScore.ConstantColumns.PIN);
        assertArrayEquals(z.apply(new double[] {4, 9}), back.apply(new double[] {4, 9}), 0.0);
    }
}
