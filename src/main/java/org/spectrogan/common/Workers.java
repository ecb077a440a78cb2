package org.spectrogan.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Independent pieces of work (classifier trials, the sweep's synthesis runs) on the machine's cores, results in
 * input order: each piece must depend only on its own input (its own seed, its own tables), so the results are the
 * same as one after another, whatever the order the pieces run in. One shared pool of {@link #count()} threads;
 * nested calls (a piece that itself calls {@link #map}) help run the pool's queue instead of waiting, so nesting
 * does not deadlock or add threads. With one worker (one core, or {@code -Dspectrogan.workers=1}) everything runs
 * on the calling thread, one after another.
 */
public final class Workers {
    /** The system property fixing the worker count (1: one after another), for side-by-side timing. */
    public static final String PROPERTY = "spectrogan.workers";

    private static volatile ForkJoinPool pool;
    /** Set while {@link #oneAfterAnother} runs on this thread: every {@link #indexed} inside it stays on the thread. */
    private static final ThreadLocal<Boolean> SERIAL = ThreadLocal.withInitial(() -> false);

    private Workers() {
    }

    /** How many pieces run at once: {@code -Dspectrogan.workers} when set (>= 1), else the available cores. */
    public static int count() {
        Integer forced = Integer.getInteger(PROPERTY);
        return forced != null && forced >= 1 ? forced : Runtime.getRuntime().availableProcessors();
    }

    /**
     * Runs {@code work} with every {@link #indexed} and {@link #map} call inside it (nested ones included) one after
     * another on this thread: for work whose pieces must not run at once (a GAN engine without per-thread state).
     */
    public static <R> R oneAfterAnother(java.util.function.Supplier<R> work) {
        boolean was = SERIAL.get();
        SERIAL.set(true);
        try {
            return work.get();
        } finally {
            SERIAL.set(was);
        }
    }

    /** {@code fn} applied to every item, on {@link #count()} workers; the results in item order. */
    public static <T, R> List<R> map(List<T> items, Function<? super T, ? extends R> fn) {
        return indexed(items.size(), i -> fn.apply(items.get(i)));
    }

    /**
     * {@code fn(0) .. fn(n - 1)} on {@link #count()} workers, the results in index order. When pieces throw, the
     * lowest index's exception is rethrown (unchecked exceptions and errors as they are), after every piece is done.
     */
    public static <R> List<R> indexed(int n, IntFunction<? extends R> fn) {
        List<R> out = new ArrayList<>(n);
        if (n <= 1 || count() <= 1 || SERIAL.get()) {
            for (int i = 0; i < n; i++) {
                out.add(fn.apply(i));
            }
            return out;
        }
        // each piece catches its own failure, so it is rethrown as thrown (the pool would wrap or re-create it)
        Throwable[] failed = new Throwable[n];
        List<ForkJoinTask<R>> tasks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int index = i;
            tasks.add(ForkJoinTask.adapt(() -> {
                try {
                    return fn.apply(index);
                } catch (RuntimeException | Error e) {
                    failed[index] = e;
                    return null;
                }
            }));
        }
        if (ForkJoinTask.inForkJoinPool() && ForkJoinTask.getPool() == pool()) {
            ForkJoinTask.invokeAll(tasks);
        } else {
            ForkJoinPool p = pool();
            for (ForkJoinTask<R> t : tasks) {
                p.execute(t);
            }
            for (ForkJoinTask<R> t : tasks) {
                t.quietlyJoin();
            }
        }
        for (int i = 0; i < n; i++) {
            Throwable e = failed[i];
            if (e != null) {
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                if (e instanceof Error err) {
                    throw err;
                }
            }
            out.add(tasks.get(i).join());
        }
        return out;
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        int want = count();
        if (p == null || p.getParallelism() != want) {
            synchronized (Workers.class) {
                p = pool;
                if (p == null || p.getParallelism() != want) {
                    p = new ForkJoinPool(want, fjp -> {
                        var t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fjp);
                        t.setName("spectrogan-worker-" + t.getPoolIndex());
                        t.setDaemon(true);
                        // as on the caller's threads: engines and service loaders look classes up through it
                        t.setContextClassLoader(Workers.class.getClassLoader());
                        return t;
                    }, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }
}
