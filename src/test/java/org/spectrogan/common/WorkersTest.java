package org.spectrogan.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Independent pieces on several workers: results in input order, failures as thrown, nesting without deadlock. */
class WorkersTest {
    @AfterEach
    void clear() {
        System.clearProperty(Workers.PROPERTY);
    }

    /** A piece whose result depends only on its own seed (a sum of seeded draws), as a classifier trial does. */
    private static double piece(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double s = 0;
        for (int i = 0; i < 20_000; i++) {
            s += r.nextDouble();
        }
        return s;
    }

    @Test
    void resultsComeInInputOrderAndEqualTheOneAfterAnotherRun() {
        List<Long> seeds = new ArrayList<>();
        for (long i = 0; i < 40; i++) {
            seeds.add(1000 + 7 * i);
        }
        List<Double> serial = new ArrayList<>();
        for (long s : seeds) {
            serial.add(piece(s));
        }
        System.setProperty(Workers.PROPERTY, "3");
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<Double> parallel = Workers.map(seeds, s -> {
            threads.add(Thread.currentThread().getName());
            return piece(s);
        });
        assertEquals(serial, parallel);
        // (the calling thread may run a queued piece itself while it waits; the pool runs the others)
        assertTrue(threads.stream().anyMatch(n -> n.startsWith("spectrogan-worker-")), "ran on the pool: " + threads);
        System.setProperty(Workers.PROPERTY, "1");
        String caller = Thread.currentThread().getName();
        List<String> on = Workers.indexed(5, i -> Thread.currentThread().getName());
        assertEquals(Collections.nCopies(5, caller), on, "one worker: on the calling thread");
    }

    @Test
    void theLowestFailingIndexIsRethrownAsThrownAfterEveryPieceRan() {
        System.setProperty(Workers.PROPERTY, "2");
        IllegalStateException third = new IllegalStateException("piece 3");
        AtomicInteger ran = new AtomicInteger();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Workers.indexed(10, i -> {
            ran.incrementAndGet();
            if (i == 3) {
                throw third;
            }
            if (i == 7) {
                throw new IllegalArgumentException("piece 7");
            }
            return i;
        }));
        assertSame(third, e, "the same exception object, not a copy or a wrapper");
        assertEquals(10, ran.get(), "every piece ran");
    }

    @Test
    void nestedCallsFinishOnTwoWorkers() {
        System.setProperty(Workers.PROPERTY, "2");
        // 6 outer pieces, each with 6 inner ones: with a fixed pool of 2 that blocks, this would deadlock
        List<List<Double>> out = Workers.indexed(6, i -> Workers.indexed(6, j -> piece(100L * i + j)));
        for (int i = 0; i < 6; i++) {
            for (int j = 0; j < 6; j++) {
                assertEquals(piece(100L * i + j), out.get(i).get(j));
            }
        }
    }

    @Test
    void oneAfterAnotherKeepsEveryPieceNestedOnesIncludedOnTheCallingThread() {
        System.setProperty(Workers.PROPERTY, "2");
        String caller = Thread.currentThread().getName();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        List<List<Integer>> out = Workers.oneAfterAnother(() -> Workers.indexed(4, i -> Workers.indexed(3, j -> {
            threads.add(Thread.currentThread().getName());
            return 10 * i + j;
        })));
        assertEquals(Set.of(caller), threads);
        assertEquals(List.of(20, 21, 22), out.get(2));
        Set<String> after = ConcurrentHashMap.newKeySet();
        Workers.indexed(40, i -> after.add(Thread.currentThread().getName() + piece(i)));
        assertTrue(after.stream().anyMatch(n -> n.startsWith("spectrogan-worker-")), "back on the pool afterwards: " + after);
    }
}
