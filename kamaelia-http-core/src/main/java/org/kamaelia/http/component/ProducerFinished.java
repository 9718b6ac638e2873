package org.kamaelia.http.component;

/**
 * Says "I have produced everything I will produce": a clean end, after which the receiver should
 * finish what is queued and then end too (Axon's {@code producerFinished}).
 *
 * <p>The {@link #DRAIN} form asks the same of a receiver whose producer is not finished yet: its owner is
 * stopping gracefully, so the work in hand is to be finished and no new work taken, while what belongs to the work
 * in hand may still arrive (a server draining its connections keeps reading the bodies of requests in progress).
 * The {@link #PEER_FINISHED} form adds that the peer beyond the producer is done as well, by its own word: a
 * receiver that would wait for the peer's last bytes before ending need not. A receiver that need not tell the
 * forms apart treats them alike.
 *
 * @param draining {@code true} for a graceful stop asked by the owner, {@code false} for a producer that is done
 * @param peerFinished {@code true} when the peer beyond the producer has said it will send nothing more (an HTTP
 *     client that asked for {@code Connection: close} and whose request was read to its end)
 */
public record ProducerFinished(boolean draining, boolean peerFinished) implements Signal {
    /** The producer is done: nothing more will come. */
    public static final ProducerFinished INSTANCE = new ProducerFinished(false, false);

    /** The owner asks for a graceful end; the producer may still deliver what belongs to the work in hand. */
    public static final ProducerFinished DRAIN = new ProducerFinished(true, false);

    /** The producer is done, and so is the peer beyond it: nothing more will come from either. */
    public static final ProducerFinished PEER_FINISHED = new ProducerFinished(false, true);

    /** A signal whose peer is not known to be finished. */
    public ProducerFinished(boolean draining) {
        this(draining, false);
    }
}
