package org.kamaelia.http.sample.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;

/** The counts of one kind of traffic: tries, responses received, outcomes as expected, and errors by cause. */
public final class Tally {
    private static final int SAMPLES = 5;

    private final LongAdder attempts = new LongAdder();
    private final LongAdder served = new LongAdder();
    private final LongAdder expected = new LongAdder();
    private final Map<String, Long> errors = new TreeMap<>();
    private final List<String> samples = new ArrayList<>();

    void attempt() {
        attempts.increment();
    }

    void served(int responses) {
        served.add(responses);
    }

    void expected() {
        expected.increment();
    }

    /** {@code cause} is short and stable (it is the key errors are counted by); {@code detail} is kept for a few. */
    synchronized void error(String cause, String detail) {
        errors.merge(cause, 1L, Long::sum);
        if (samples.size() < SAMPLES) {
            samples.add(cause + ": " + detail);
        }
    }

    /** Operations started. */
    public long attempts() {
        return attempts.sum();
    }

    /** Complete responses received. */
    public long served() {
        return served.sum();
    }

    /** Operations whose every check passed. */
    public long expectedOutcomes() {
        return expected.sum();
    }

    /** Errors counted by cause. */
    public synchronized Map<String, Long> errors() {
        return new TreeMap<>(errors);
    }

    /** The total of {@link #errors()}. */
    public synchronized long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The first few errors with their details. */
    public synchronized List<String> samples() {
        return List.copyOf(samples);
    }
}
