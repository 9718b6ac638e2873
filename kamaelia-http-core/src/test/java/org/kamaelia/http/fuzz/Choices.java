package org.kamaelia.http.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.SplittableRandom;

/**
 * The decisions a generator makes, drawn either from a fuzzer's input (so coverage feedback steers them) or from
 * a seeded random source (so even a short fuzzer input yields a full-sized request, for slow targets where each
 * try costs a network round trip).
 */
public interface Choices {

    /** A number from {@code min} to {@code max}, both included. */
    int intIn(int min, int max);

    /** A number from {@code min} to {@code max}, both included. */
    long longIn(long min, long max);

    /** Heads or tails. */
    boolean coin();

    /** Any byte. */
    byte anyByte();

    /** Up to {@code most} bytes (fewer when a fuzzer's input runs out). */
    byte[] bytes(int most);

    /** Every byte left (a fuzzer's input), or a random run of up to 4 KiB. */
    byte[] rest();

    /** One of {@code values}. */
    default <T> T oneOf(T[] values) {
        return values[intIn(0, values.length - 1)];
    }

    /** Decisions taken from a fuzzer's input. */
    static Choices from(FuzzedDataProvider data) {
        return new Choices() {
            @Override
            public int intIn(int min, int max) {
                return data.consumeInt(min, max);
            }

            @Override
            public long longIn(long min, long max) {
                return data.consumeLong(min, max);
            }

            @Override
            public boolean coin() {
                return data.consumeBoolean();
            }

            @Override
            public byte anyByte() {
                return data.consumeByte();
            }

            @Override
            public byte[] bytes(int most) {
                return data.consumeBytes(most);
            }

            @Override
            public byte[] rest() {
                return data.consumeRemainingAsBytes();
            }
        };
    }

    /** Decisions taken from a random source seeded with {@code seed}: the same seed, the same decisions. */
    static Choices seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new Choices() {
            @Override
            public int intIn(int min, int max) {
                return min == max ? min : random.nextInt(min, max + 1);
            }

            @Override
            public long longIn(long min, long max) {
                return min == max ? min : random.nextLong(min, max + 1);
            }

            @Override
            public boolean coin() {
                return random.nextBoolean();
            }

            @Override
            public byte anyByte() {
                return (byte) random.nextInt(256);
            }

            @Override
            public byte[] bytes(int most) {
                byte[] bytes = new byte[most];
                random.nextBytes(bytes);
                return bytes;
            }

            @Override
            public byte[] rest() {
                return bytes(random.nextInt(4097));
            }
        };
    }
}
