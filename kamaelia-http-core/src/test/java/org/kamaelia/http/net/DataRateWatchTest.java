package org.kamaelia.http.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DataRateWatchTest {
    private static final long SECOND = 1_000_000_000L;
    private final DataRateWatch watch = new DataRateWatch(new MinimumDataRate(240, Duration.ofSeconds(5)));

    @Test
    void aTrickleBelowTheRateOverAWholePeriodIsTooSlow() {
        assertThat(watch.waiting(0)).isTrue();
        watch.moved(1); // one byte in five seconds
        assertThat(watch.check(5 * SECOND)).isEqualTo(DataRateWatch.TOO_SLOW);
    }

    @Test
    void thePeriodMustBeWholeBeforeItIsJudged() {
        watch.waiting(0);
        assertThat(watch.check(2 * SECOND)).isEqualTo(3 * SECOND);
    }

    @Test
    void enoughBytesInAPeriodStartTheNextPeriod() {
        watch.waiting(0);
        watch.moved(1200); // exactly 240 bytes/s over 5 s
        assertThat(watch.check(5 * SECOND)).isEqualTo(5 * SECOND);
        // The next period is judged on its own bytes: a fast start buys no slack later.
        watch.moved(1199);
        assertThat(watch.check(10 * SECOND)).isEqualTo(DataRateWatch.TOO_SLOW);
    }

    @Test
    void aLateCheckIsJudgedOverTheTimeThatReallyPassed() {
        watch.waiting(0);
        watch.moved(1500); // enough for 5 s, not for 10 s
        assertThat(watch.check(10 * SECOND)).isEqualTo(DataRateWatch.TOO_SLOW);
    }

    @Test
    void aPeriodInWhichTheServerStoppedWaitingDoesNotCount() {
        watch.waiting(0);
        watch.notWaiting(); // e.g. the handler is backed up
        assertThat(watch.check(5 * SECOND)).isEqualTo(DataRateWatch.IDLE);
        // Waiting again starts a new, whole period.
        assertThat(watch.waiting(6 * SECOND)).isTrue();
        assertThat(watch.check(10 * SECOND)).isEqualTo(SECOND);
        assertThat(watch.check(11 * SECOND)).isEqualTo(DataRateWatch.TOO_SLOW);
    }

    @Test
    void waitingTwiceKeepsThePeriodThatIsRunning() {
        assertThat(watch.waiting(0)).isTrue();
        assertThat(watch.waiting(3 * SECOND)).isFalse();
        assertThat(watch.isWaiting()).isTrue();
        assertThat(watch.check(5 * SECOND)).isEqualTo(DataRateWatch.TOO_SLOW);
    }

    @Test
    void aRateThatIsOffCannotBeWatchedAndBadValuesAreRefused() {
        assertThat(MinimumDataRate.NONE.enabled()).isFalse();
        assertThatThrownBy(() -> new DataRateWatch(MinimumDataRate.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MinimumDataRate(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MinimumDataRate(1, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MinimumDataRate.defaults()).isEqualTo(new MinimumDataRate(240, Duration.ofSeconds(5)));
    }
}
