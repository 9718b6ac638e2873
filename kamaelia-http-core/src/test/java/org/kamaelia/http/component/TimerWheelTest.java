package org.kamaelia.http.component;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimerWheelTest {
    private static final long MS = 1_000_000L;
    // Not a multiple of a tick, and near the top of the long range: deadlines are compared with wrap-around.
    private static final long START = Long.MAX_VALUE - 10_000 * MS + 123_457;

    private final TimerWheel wheel = new TimerWheel();
    private final List<String> fired = new ArrayList<>();

    private TimerWheel.Timer add(long now, long delay, String name) {
        return wheel.add(null, now, now + delay, () -> fired.add(name));
    }

    @Test
    void firesATimerAtItsDeadlineAndNotBefore() {
        add(START, 10 * MS, "a");
        assertThat(wheel.fireDue(START + 10 * MS - 1)).isZero();
        assertThat(fired).isEmpty();
        assertThat(wheel.fireDue(START + 10 * MS)).isEqualTo(1);
        assertThat(fired).containsExactly("a");
        assertThat(wheel.isEmpty()).isTrue();
    }

    @Test
    void firesDueTimersInDeadlineOrderAndTiesInTheOrderAdded() {
        add(START, 30 * MS, "late");
        add(START, 5 * MS, "first");
        add(START, 5 * MS, "second");
        add(START, 20 * MS, "middle");
        assertThat(wheel.fireDue(START + 40 * MS)).isEqualTo(4);
        assertThat(fired).containsExactly("first", "second", "middle", "late");
    }

    @Test
    void aCancelledTimerLeavesAtOnceAndNeverFires() {
        TimerWheel.Timer a = add(START, 10 * MS, "a");
        add(START, 20 * MS, "b");
        a.cancel();
        a.cancel(); // twice: no effect
        assertThat(wheel.size()).isEqualTo(1);
        assertThat(wheel.earliestDeadline()).isEqualTo(START + 20 * MS);
        wheel.fireDue(START + 30 * MS);
        assertThat(fired).containsExactly("b");
    }

    @Test
    void anActionMayCancelATimerDueInTheSameVisit() {
        List<TimerWheel.Timer> later = new ArrayList<>();
        wheel.add(null, START, START + MS, () -> later.get(0).cancel());
        later.add(add(START, 2 * MS, "cancelled"));
        assertThat(wheel.fireDue(START + 5 * MS)).isEqualTo(1);
        assertThat(fired).isEmpty();
    }

    @Test
    void anActionMayRearmItsTimerWhichFiresAtALaterVisit() {
        int[] runs = {0};
        Runnable[] rearm = new Runnable[1];
        long[] now = {START};
        rearm[0] = () -> {
            runs[0]++;
            wheel.add(null, now[0], now[0] + 100 * MS, rearm[0]);
        };
        wheel.add(null, START, START + 100 * MS, rearm[0]);
        for (int i = 1; i <= 5; i++) {
            now[0] = START + i * 100 * MS;
            assertThat(wheel.fireDue(now[0])).isEqualTo(1);
            assertThat(wheel.earliestDeadline()).isEqualTo(now[0] + 100 * MS);
        }
        assertThat(runs[0]).isEqualTo(5);
        assertThat(wheel.size()).isEqualTo(1);
    }

    @Test
    void deadlinesBeyondOneTurnWaitForTheirTurn() {
        long turn = (long) TimerWheel.SLOTS << TimerWheel.TICK_SHIFT;
        add(START, 3 * turn + 7 * MS, "far");
        add(START, 7 * MS, "near");
        assertThat(wheel.earliestDeadline()).isEqualTo(START + 7 * MS);
        wheel.fireDue(START + 7 * MS);
        assertThat(fired).containsExactly("near");
        // the far timer shares the near one's slot; it is not due in the earlier turns
        assertThat(wheel.earliestDeadline()).isEqualTo(START + 3 * turn + 7 * MS);
        wheel.fireDue(START + turn + 7 * MS);
        wheel.fireDue(START + 2 * turn + 7 * MS);
        assertThat(fired).containsExactly("near");
        wheel.fireDue(START + 3 * turn + 7 * MS);
        assertThat(fired).containsExactly("near", "far");
    }

    @Test
    void aLongSleepFiresEverythingDueOnce() {
        for (int i = 0; i < 100; i++) {
            add(START, i * 97 * MS, "t" + i);
        }
        long turn = (long) TimerWheel.SLOTS << TimerWheel.TICK_SHIFT;
        assertThat(wheel.fireDue(START + 5 * turn)).isEqualTo(100);
        assertThat(fired).hasSize(100).doesNotHaveDuplicates();
        assertThat(wheel.isEmpty()).isTrue();
    }

    @Test
    void theWakeTimeIsNeverAfterTheEarliestDeadlineAndExactWhenAsked() {
        TimerWheel.Timer early = add(START, 10 * MS, "early");
        add(START, 50 * MS, "late");
        assertThat(wheel.wakeAt()).isEqualTo(START + 10 * MS);
        early.cancel();
        assertThat(wheel.wakeAt()).isLessThanOrEqualTo(START + 50 * MS);
        // reaching a stale wake time fires nothing and makes it exact again
        assertThat(wheel.fireDue(wheel.wakeAt())).isZero();
        assertThat(wheel.wakeAt()).isEqualTo(START + 50 * MS);
    }

    @Test
    void manyTimersWithRandomDelaysAndCancelsFireExactlyTheOnesLeftInOrder() {
        Random random = new Random(12);
        List<TimerWheel.Timer> timers = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            long deadline = START + random.nextInt(20_000) * MS + random.nextInt(1_000_000);
            timers.add(wheel.add(null, START, deadline, () -> seen.add(deadline)));
            expected.add(deadline);
        }
        for (int i = 0; i < timers.size(); i += 3) {
            timers.get(i).cancel();
            expected.set(i, null);
        }
        expected.removeIf(d -> d == null);
        expected.sort((a, b) -> Long.compare(a - b, 0));
        assertThat(wheel.size()).isEqualTo(expected.size());
        long now = START;
        while (!wheel.isEmpty()) {
            long next = wheel.earliestDeadline();
            assertThat(next - now).isGreaterThanOrEqualTo(0);
            now = next + random.nextInt(3 * (int) MS); // wake a little late, as a loop does
            int before = seen.size();
            wheel.fireDue(now);
            assertThat(seen.size()).isGreaterThan(before);
            for (int i = before; i < seen.size(); i++) {
                assertThat(seen.get(i) - now).isLessThanOrEqualTo(0);
            }
        }
        assertThat(seen).isEqualTo(expected);
    }
}
