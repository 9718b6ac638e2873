package org.kamaelia.http.component;

/**
 * Says "I have produced everything I will produce": a clean end, after which the receiver should
 * finish what is queued and then end too (Axon's {@code producerFinished}).
 *
 * <p>The {@link #DRAIN} form asks the same of a receiver whose producer is not finished yet: its owner is
 * stopping gracefully, so the work in hand is to be finished and no new work taken, while what belongs to the work
 * in hand may still arrive (a server draining its connections keeps reading the bodies of requests in progress).
 * A receiver that need not tell the two apart treats both alike.
 *
 * @param draining {@code true} for a graceful stop asked by the owner, {@code false} for a producer that is done
 */
public record ProducerFinished(boolean draining) implements Signal {
    /** The producer is done: nothing more will come. */
    public static final ProducerFinished INSTANCE = new ProducerFinished(false);

    /** The owner asks for a graceful end; the producer may still deliver what belongs to the work in hand. */
    public static final ProducerFinished DRAIN = new ProducerFinished(true);
}
