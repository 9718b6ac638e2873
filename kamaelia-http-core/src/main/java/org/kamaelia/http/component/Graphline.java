package org.kamaelia.http.component;

/**
 * A composite component: a small graph of children whose own boxes pass through to theirs, ending when all
 * its children have ended (Kamaelia's Graphline).
 *
 * <p>Subclasses build the graph in their constructor with {@link #addChild}, {@link #link} and
 * {@code passThrough}, listing data linkages first and control linkages second so the wiring reads like a
 * diagram.
 *
 * <pre>{@code
 * final class Doubler extends Graphline {
 *     final Inbox<String> inbox = newInbox("inbox", "text in");
 *     final Outbox<String> outbox = newOutbox("outbox", "text out, twice");
 *     Doubler() {
 *         Twice twice = addChild(new Twice());
 *         passThrough(inbox, twice.inbox);
 *         passThrough(twice.outbox, outbox);
 *     }
 * }
 * }</pre>
 */
public abstract class Graphline extends Component {

    /**
     * Handles the graphline's own {@code control} box (a {@link ShutdownRequested} ends it and its children; a
     * {@link ProducerFinished} is copied to each child whose {@code control} has no other source) and ends
     * the graphline once every child has ended. A subclass that overrides this should call it.
     */
    @Override
    protected void react() {
        Signal received;
        while ((received = control.poll()) != null) {
            if (received instanceof ShutdownRequested) {
                finish();
                return;
            }
            for (Component child : java.util.List.copyOf(children())) {
                if (!child.control.hasSources()) {
                    Inbox<Signal> childControl = child.control;
                    childControl.deliver(received);
                }
            }
        }
        if (children().isEmpty()) {
            finish();
        }
    }
}
