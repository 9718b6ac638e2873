package org.kamaelia.http.observe.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How long the writer rests between passes: long when lines come slowly, short enough that the queue never fills. */
class AccessLogWriterRestTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void restsLongestWhenNoLineCame() {
        assertThat(AccessLogWriter.restNanos(0, 10 * MS, 8192)).isEqualTo(10 * MS);
    }

    @Test
    void restsLongestWhenLinesComeTooSlowlyToFillAQuarterOfTheQueueMeanwhile() {
        // 100 lines in 10 ms: 2,048 lines (a quarter of 8,192) would take 204 ms
        assertThat(AccessLogWriter.restNanos(100, 10 * MS, 8192)).isEqualTo(10 * MS);
    }

    @Test
    void restsOnlyAsLongAsAQuarterOfTheQueueTakesToFillAtTheLastRate() {
        // 4,096 lines in 10 ms: a quarter of the queue fills in 5 ms
        assertThat(AccessLogWriter.restNanos(4096, 10 * MS, 8192)).isEqualTo(5 * MS);
        // a small queue under the same load: never shorter than half a millisecond
        assertThat(AccessLogWriter.restNanos(4096, 10 * MS, 16)).isEqualTo(MS / 2);
    }
}
