package org.kamaelia.http.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MovingDeadlineTest {
    private final FakeLoopTime time = new FakeLoopTime();
    private int passed;
    private final MovingDeadline deadline = new MovingDeadline(Duration.ofSeconds(10), time, () -> passed++);

    @Test
    void passesExactlyItsLimitAfterItStarted() {
        deadline.start();
        time.advance(Duration.ofSeconds(10).minusNanos(1));
        assertThat(passed).isZero();
        assertThat(deadline.running()).isTrue();
        time.advance(Duration.ofNanos(1));
        assertThat(passed).isEqualTo(1);
        assertThat(deadline.running()).isFalse();
        assertThat(time.armed()).isZero();
    }

    @Test
    void startingAgainMovesTheDeadlineWithoutAnotherTimer() {
        deadline.start();
        for (int i = 0; i < 4; i++) {
            time.advance(Duration.ofSeconds(2));
            deadline.start(); // as a keep-alive connection does once per request; the last at 8 s
        }
        assertThat(time.made).isEqualTo(1);
        time.advance(Duration.ofSeconds(2)); // 10 s: the one timer fires and re-arms for what is left
        assertThat(passed).isZero();
        assertThat(time.made).isEqualTo(2);
        time.advance(Duration.ofSeconds(8).minusNanos(1));
        assertThat(passed).isZero();
        time.advance(Duration.ofNanos(1)); // 18 s: 10 s after the last start
        assertThat(passed).isEqualTo(1);
        assertThat(time.made).isEqualTo(2);
    }

    @Test
    void aStoppedDeadlineNeverPassesAndItsTimerIsNotReArmed() {
        deadline.start();
        time.advance(Duration.ofSeconds(4));
        deadline.stop();
        time.advance(Duration.ofSeconds(60));
        assertThat(passed).isZero();
        assertThat(time.armed()).isZero();
        assertThat(time.made).isEqualTo(1);
    }

    @Test
    void startedAgainAfterStoppingItRunsFromTheNewStartOnTheTimerStillArmed() {
        deadline.start();
        time.advance(Duration.ofSeconds(4));
        deadline.stop();
        time.advance(Duration.ofSeconds(2));
        deadline.start(); // at 6 s: the timer armed at 0 s is still due at 10 s
        time.advance(Duration.ofSeconds(9));
        assertThat(passed).isZero();
        time.advance(Duration.ofSeconds(1));
        assertThat(passed).isEqualTo(1);
        assertThat(time.made).isEqualTo(2);
    }

    @Test
    void cancellingCallsTheTimerOffAndStartingAfterwardsArmsAFreshOne() {
        deadline.start();
        deadline.cancel();
        deadline.cancel(); // twice: no effect
        assertThat(time.armed()).isZero();
        assertThat(deadline.running()).isFalse();
        time.advance(Duration.ofSeconds(20));
        assertThat(passed).isZero();
        deadline.start();
        assertThat(time.made).isEqualTo(2);
        time.advance(Duration.ofSeconds(10));
        assertThat(passed).isEqualTo(1);
    }

    @Test
    void passesAgainWhenStartedAgainAfterPassing() {
        deadline.start();
        time.advance(Duration.ofSeconds(10));
        deadline.start();
        time.advance(Duration.ofSeconds(10));
        assertThat(passed).isEqualTo(2);
    }
}
