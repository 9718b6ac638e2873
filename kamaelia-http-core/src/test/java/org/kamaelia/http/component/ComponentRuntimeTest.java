package org.kamaelia.http.component;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ComponentRuntimeTest {
    private final ComponentHarness harness = new ComponentHarness();

    static final class Upper extends Component {
        final Inbox<String> inbox = newInbox("inbox", "text to upper-case", 8);
        final Outbox<String> outbox = newOutbox("outbox", "upper-cased text");
        int runs;

        @Override
        protected void react() {
            runs++;
            for (String s; (s = inbox.peek()) != null; ) {
                if (!outbox.trySend(s.toUpperCase(Locale.ROOT))) {
                    return;
                }
                inbox.poll();
            }
            if (control.poll() instanceof ProducerFinished) {
                signal.send(ProducerFinished.INSTANCE);
                finish();
            }
        }
    }

    static final class Wrapper extends Graphline {
        final Inbox<String> inbox = newInbox("inbox", "text in");
        final Outbox<String> outbox = newOutbox("outbox", "text out");
        final Upper child = addChild(new Upper());

        Wrapper() {
            passThrough(inbox, child.inbox);
            passThrough(child.outbox, outbox);
        }
    }

    static final class Sized extends Component {
        final Inbox<String> inbox;

        Sized(int capacity) {
            inbox = newInbox("inbox", "text", capacity);
        }

        @Override
        protected void react() {}
    }

    @Test
    void instancesOfOneClassShareTheirBoxDeclarationsAndADifferentBoxKeepsItsOwn() {
        Upper first = new Upper();
        Upper second = new Upper();
        assertThat(second.inbox.declaration).isSameAs(first.inbox.declaration);
        assertThat(second.outbox.declaration).isSameAs(first.outbox.declaration);
        assertThat(second.control.declaration).isSameAs(first.control.declaration);

        Sized small = new Sized(4);
        Sized large = new Sized(16);
        assertThat(large.inbox.declaration).isNotSameAs(small.inbox.declaration);
        assertThat(small.inbox.capacity()).isEqualTo(4);
        assertThat(large.inbox.capacity()).isEqualTo(16);
        assertThat(new Sized(4).inbox.declaration).isSameAs(small.inbox.declaration);
        assertThat(large.inbox.name()).isEqualTo("inbox");
        assertThat(large.inbox.description()).isEqualTo("text");
    }

    static final class OtherUpper extends Component {
        final Inbox<String> inbox = newInbox("inbox", "text to upper-case", 8);
        final Outbox<String> outbox = newOutbox("outbox", "upper-cased text");

        @Override
        protected void react() {}
    }

    @Test
    void anotherClassWithTheSameBoxesHasItsOwnDeclarations() {
        Upper upper = new Upper();
        OtherUpper other = new OtherUpper();
        assertThat(other.inbox.declaration).isNotSameAs(upper.inbox.declaration);
        assertThat(other.control.declaration).isNotSameAs(upper.control.declaration);
        assertThat(other.inbox.capacity()).isEqualTo(upper.inbox.capacity());
        assertThat(other.boxes()).extracting(Box::name).containsExactly("control", "signal", "inbox", "outbox");
    }

    @Test
    void deliversThroughALinkAndRunsOnlyWhenThereIsWork() {
        Upper upper = harness.start(new Upper());
        ComponentHarness.Collector<String> out = harness.collect(upper.outbox);
        int runsAfterStart = upper.runs;

        harness.send(upper.inbox, "hello");

        assertThat(out.drain()).containsExactly("HELLO");
        assertThat(upper.runs).isEqualTo(runsAfterStart + 1);
        harness.runUntilIdle();
        assertThat(upper.runs).as("no work, no run").isEqualTo(runsAfterStart + 1);
    }

    @Test
    void unlinkedOutboxDropsAndCounts() {
        Upper upper = harness.start(new Upper());
        harness.send(upper.inbox, "x");
        assertThat(upper.outbox.dropped()).isEqualTo(1);
        assertThat(upper.outbox.isLinked()).isFalse();
        assertThat(upper.outbox.hasRoom()).as("nothing to feed, so no room").isFalse();
    }

    @Test
    void unlinkingStopsDelivery() {
        Upper upper = harness.start(new Upper());
        ComponentHarness.Collector<String> out = harness.collect(upper.outbox);
        harness.send(upper.inbox, "a");
        Component.unlink(upper.outbox);
        harness.send(upper.inbox, "b");
        assertThat(out.drain()).containsExactly("A");
    }

    @Test
    void compositePassesItsOwnBoxesThroughToItsChild() {
        Wrapper wrapper = harness.start(new Wrapper());
        ComponentHarness.Collector<String> out = harness.collect(wrapper.outbox);

        harness.send(wrapper.inbox, "through");

        assertThat(out.drain()).as("upper-cased: it went through the child").containsExactly("THROUGH");
        assertThat(wrapper.inbox.isEmpty())
                .as("nothing waits in the composite's own inbox")
                .isTrue();
    }

    @Test
    void finishingAParentStopsItsChildrenAndRemovesTheirLinkages() {
        Wrapper wrapper = harness.start(new Wrapper());
        ComponentHarness.Collector<String> out = harness.collect(wrapper.outbox);

        wrapper.stop();
        harness.runUntilIdle();

        assertThat(wrapper.state()).isEqualTo(ComponentState.FINISHED);
        assertThat(wrapper.child.state()).isEqualTo(ComponentState.FINISHED);
        assertThat(wrapper.outbox.isLinked()).isFalse();
        assertThat(out.drain()).isEmpty();
    }

    @Test
    void producerFinishedTravelsDownTheSignalChainAndEndsTheGraphline() {
        Wrapper wrapper = harness.start(new Wrapper());
        ComponentHarness.Collector<Signal> signals = harness.collect(wrapper.child.signal);

        harness.send(wrapper.control, ProducerFinished.INSTANCE);

        assertThat(signals.drain()).containsExactly(ProducerFinished.INSTANCE);
        assertThat(wrapper.child.state()).isEqualTo(ComponentState.FINISHED);
        assertThat(wrapper.state())
                .as("a graphline ends when its children have")
                .isEqualTo(ComponentState.FINISHED);
    }

    @Test
    void shutdownRequestedEndsAGraphlineAndItsChildren() {
        Wrapper wrapper = harness.start(new Wrapper());
        harness.send(wrapper.control, ShutdownRequested.stopped());
        assertThat(wrapper.state()).isEqualTo(ComponentState.FINISHED);
        assertThat(wrapper.child.state()).isEqualTo(ComponentState.FINISHED);
    }

    static final class Counter extends Component {
        final Outbox<Integer> outbox = newOutbox("outbox", "numbers");
        int next;
        int blockedTimes;
        final int limit;

        Counter(int limit) {
            this.limit = limit;
        }

        @Override
        protected void react() {
            while (next < limit) {
                if (!outbox.hasRoom()) {
                    blockedTimes++;
                    return;
                }
                outbox.send(next++);
            }
        }
    }

    @Test
    void aFullBoxPausesTheProducerUntilItDrainsToTheLowMark() {
        Counter counter = new Counter(100);
        ComponentHarness.Collector<Integer> slow = harness.collect(counter.outbox, 8);
        harness.start(counter);

        assertThat(slow.inbox.size()).isEqualTo(8);
        assertThat(counter.next).isEqualTo(8);
        assertThat(counter.blockedTimes).isEqualTo(1);

        slow.take(3); // 5 left: above the low mark (4), so the producer stays asleep
        harness.runUntilIdle();
        assertThat(counter.next).isEqualTo(8);

        slow.take(1); // 4 left: at the low mark, the producer is woken and fills the box again
        harness.runUntilIdle();
        assertThat(counter.next).isEqualTo(12);
        assertThat(slow.inbox.size()).isEqualTo(8);

        List<Integer> all = new ArrayList<>();
        while (all.size() < 100 - 4) {
            all.addAll(slow.drain());
            harness.runUntilIdle();
        }
        assertThat(all).startsWith(4, 5, 6, 7).endsWith(99);
    }

    @Test
    void sendToAFullBoxIsRefused() {
        ComponentHarness.Sender<String> sender = new ComponentHarness.Sender<>();
        ComponentHarness.Collector<String> small = harness.collect(sender.outbox, 2);
        harness.start(sender);
        sender.outbox.send("1");
        sender.outbox.send("2");
        assertThat(sender.outbox.trySend("3")).isFalse();
        assertThatThrownBy(() -> sender.outbox.send("3")).isInstanceOf(BoxFullException.class);
        assertThat(small.drain()).containsExactly("1", "2");
    }

    @Test
    void weighedBoxAcceptsMessagesWhileBelowItsHighMark() {
        final class Bytes extends Component {
            final Inbox<byte[]> inbox = newInbox("inbox", "bytes", 10, 5, b -> b.length);

            @Override
            protected void react() {}
        }
        Bytes bytes = harness.start(new Bytes());
        ComponentHarness.Sender<byte[]> sender = harness.senderTo(bytes.inbox);
        assertThat(sender.outbox.trySend(new byte[6])).isTrue();
        assertThat(sender.outbox.hasRoom()).isTrue();
        assertThat(sender.outbox.trySend(new byte[25]))
                .as("below the mark, one more message fits")
                .isTrue();
        assertThat(sender.outbox.hasRoom()).isFalse();
        assertThat(sender.outbox.trySend(new byte[1])).isFalse();
        assertThat(bytes.inbox.weight()).isEqualTo(31);
    }

    @Test
    void timersFireOnlyWhenDueAndNotWhenCancelled() {
        final class Sleeper extends Component {
            final List<String> fired = new ArrayList<>();
            Cancellable cancelled;

            @Override
            protected void onStart() {
                runAfter(Duration.ofSeconds(5), () -> fired.add("five"));
                runAfter(Duration.ofSeconds(1), () -> fired.add("one"));
                cancelled = runAfter(Duration.ofSeconds(2), () -> fired.add("cancelled"));
            }

            @Override
            protected void react() {}
        }
        Sleeper sleeper = harness.start(new Sleeper());
        sleeper.cancelled.cancel();

        harness.advance(Duration.ofMillis(999));
        assertThat(sleeper.fired).isEmpty();
        harness.advance(Duration.ofMillis(1));
        assertThat(sleeper.fired).containsExactly("one");
        harness.advance(Duration.ofSeconds(10));
        assertThat(sleeper.fired).containsExactly("one", "five");
    }

    @Test
    void timersOfAFinishedComponentDoNotRun() {
        final class Sleeper extends Component {
            boolean fired;

            @Override
            protected void onStart() {
                runAfter(Duration.ofSeconds(1), () -> fired = true);
            }

            @Override
            protected void react() {}
        }
        Sleeper sleeper = harness.start(new Sleeper());
        sleeper.stop();
        harness.advance(Duration.ofSeconds(2));
        assertThat(sleeper.fired).isFalse();
    }

    static final class Explosive extends Component {
        final Inbox<String> inbox = newInbox("inbox", "anything; 'boom' throws");

        @Override
        protected void react() {
            for (String s; (s = inbox.poll()) != null; ) {
                if (s.equals("boom")) {
                    throw new IllegalStateException("boom");
                }
            }
        }
    }

    static final class Parent extends Graphline {
        final Explosive child = addChild(new Explosive());
        final Upper sibling = addChild(new Upper());
        Throwable seen;

        @Override
        protected void childFailed(Component failed, Throwable cause) {
            seen = cause;
            super.childFailed(failed, cause);
        }
    }

    @Test
    void anExceptionEndsOnlyItsComponentAndIsReportedToTheParent() {
        Parent parent = harness.start(new Parent());
        Upper bystander = harness.start(new Upper());
        ComponentHarness.Collector<String> out = harness.collect(bystander.outbox);

        harness.send(parent.child.inbox, "boom");

        assertThat(parent.child.state()).isEqualTo(ComponentState.FINISHED);
        assertThat(parent.child.failure()).hasMessage("boom");
        assertThat(parent.seen).hasMessage("boom");
        assertThat(parent.state())
                .as("by default a failure ends the whole graph")
                .isEqualTo(ComponentState.FINISHED);
        assertThat(parent.sibling.state()).isEqualTo(ComponentState.FINISHED);

        harness.send(bystander.inbox, "still alive");
        assertThat(out.drain()).containsExactly("STILL ALIVE");
    }

    @Test
    void describesComponentsBoxesAndLinkagesAsPlainData() {
        Wrapper wrapper = harness.start(new Wrapper());
        harness.collect(wrapper.outbox);

        GraphDescription graph = GraphDescription.of(List.of(wrapper));

        assertThat(graph.components())
                .extracting(ComponentDescription::id)
                .containsExactly(wrapper.id(), wrapper.child.id());
        ComponentDescription child = graph.components().get(1);
        assertThat(child.parentId()).isEqualTo(wrapper.id());
        assertThat(child.boxes())
                .extracting(BoxDescription::name)
                .containsExactly("control", "signal", "inbox", "outbox");
        assertThat(child.boxes())
                .filteredOn(b -> b.name().equals("inbox"))
                .singleElement()
                .satisfies(b -> {
                    assertThat(b.description()).isEqualTo("text to upper-case");
                    assertThat(b.direction()).isEqualTo("in");
                    assertThat(b.capacity()).isEqualTo(8);
                });
        assertThat(graph.linkages())
                .contains(
                        new LinkageDescription(
                                wrapper.id(), "inbox", wrapper.child.id(), "inbox", Linkage.Kind.INBOX_PASSTHROUGH),
                        new LinkageDescription(
                                wrapper.child.id(), "outbox", wrapper.id(), "outbox", Linkage.Kind.OUTBOX_PASSTHROUGH));
    }

    @Test
    void cancelledTimersDoNotPileUp() {
        final class Rearming extends Component {
            @Override
            protected void react() {}

            void churn(int times) {
                for (int i = 0; i < times; i++) {
                    runAfter(Duration.ofSeconds(60), () -> {}).cancel();
                }
            }
        }
        Rearming rearming = harness.start(new Rearming());
        rearming.churn(100_000);
        assertThat(harness.loop().queuedTimers()).isLessThan(2_100);
    }

    @Test
    void aWeighedBoxAlwaysTakesMessagesThatWeighNothing() {
        final class Bytes extends Component {
            final Inbox<Object> inbox = newInbox(
                    "inbox", "bytes, and markers that weigh nothing", 10, 5, m -> m instanceof byte[] b ? b.length : 0);

            @Override
            protected void react() {}
        }
        Bytes bytes = harness.start(new Bytes());
        ComponentHarness.Sender<Object> sender = harness.senderTo(bytes.inbox);
        sender.outbox.send(new byte[20]);
        assertThat(sender.outbox.trySend(new byte[1])).as("full for payload").isFalse();
        sender.outbox.send("end"); // an end marker is never refused
        assertThat(bytes.inbox.size()).isEqualTo(2);
    }

    @Test
    void anInboxKeepsArrivalOrderWhetherOneOrManyMessagesWait() {
        final class Holder extends Component {
            final Inbox<String> inbox = newInbox("inbox", "text", 8);

            @Override
            protected void react() {}
        }
        Holder holder = harness.start(new Holder());
        ComponentHarness.Sender<String> sender = harness.senderTo(holder.inbox);

        sender.outbox.send("a");
        assertThat(holder.inbox.size()).isEqualTo(1);
        assertThat(holder.inbox.peek()).isEqualTo("a");
        sender.outbox.send("b");
        sender.outbox.send("c");
        List<String> seen = new ArrayList<>();
        holder.inbox.waiting().forEachRemaining(seen::add);
        assertThat(seen).containsExactly("a", "b", "c");
        assertThat(holder.inbox.size()).isEqualTo(3);

        assertThat(holder.inbox.poll()).isEqualTo("a");
        sender.outbox.send("d"); // arrives while others still wait: goes behind them
        assertThat(holder.inbox.poll()).isEqualTo("b");
        assertThat(holder.inbox.poll()).isEqualTo("c");
        assertThat(holder.inbox.poll()).isEqualTo("d");
        assertThat(holder.inbox.poll()).isNull();
        assertThat(holder.inbox.isEmpty()).isTrue();
        assertThat(holder.inbox.weight()).isZero();

        sender.outbox.send("e");
        sender.outbox.send("f");
        holder.inbox.clear();
        assertThat(holder.inbox.isEmpty()).isTrue();
        assertThat(holder.inbox.waiting().hasNext()).isFalse();
        sender.outbox.send("g");
        assertThat(holder.inbox.poll()).isEqualTo("g");
        assertThat(holder.inbox.poll()).isNull();
        assertThatThrownBy(() -> sender.outbox.send(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void linkagesAreDescribedAndUndoneFromTheBoxesThemselves() {
        Upper first = harness.start(new Upper());
        Upper second = harness.start(new Upper());
        ComponentHarness.Collector<String> out = harness.collect(second.outbox);

        Linkage made = Component.link(first.outbox, second.inbox);
        assertThat(made).isEqualTo(new Linkage(first.outbox, second.inbox, Linkage.Kind.LINK));
        assertThat(GraphDescription.of(List.of(first)).linkages())
                .containsExactly(new LinkageDescription(first.id(), "outbox", second.id(), "inbox", Linkage.Kind.LINK));
        assertThat(second.inbox.sources()).containsExactly(made);

        harness.send(first.inbox, "x");
        assertThat(out.drain()).containsExactly("X");

        // An equal linkage value undoes the link; a value naming another inbox does not.
        Component.unlink(new Linkage(first.outbox, out.inbox, Linkage.Kind.LINK));
        assertThat(first.outbox.isLinked()).isTrue();
        Component.unlink(new Linkage(first.outbox, second.inbox, Linkage.Kind.LINK));
        assertThat(first.outbox.isLinked()).isFalse();
        assertThat(second.inbox.sources()).isEmpty();
        harness.send(first.inbox, "y");
        assertThat(out.drain()).isEmpty();
    }

    @Test
    void anInboxFedByManyOutboxesForgetsEachAsItGoes() {
        Upper a = harness.start(new Upper());
        Upper b = harness.start(new Upper());
        Upper c = harness.start(new Upper());
        ComponentHarness.Collector<String> out = harness.collect(c.outbox);
        Component.link(a.outbox, c.inbox);
        Component.link(b.outbox, c.inbox);
        assertThat(c.inbox.sources()).hasSize(2);

        harness.send(a.inbox, "from a");
        harness.send(b.inbox, "from b");
        assertThat(out.drain()).containsExactly("FROM A", "FROM B");

        a.stop();
        harness.runUntilIdle();
        assertThat(c.inbox.sources()).containsExactly(new Linkage(b.outbox, c.inbox, Linkage.Kind.LINK));
        c.stop();
        harness.runUntilIdle();
        assertThat(b.outbox.isLinked())
                .as("finishing the receiver unlinks its sources")
                .isFalse();
    }
}
