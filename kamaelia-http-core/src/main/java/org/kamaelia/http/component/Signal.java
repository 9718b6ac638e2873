package org.kamaelia.http.component;

/**
 * A lifecycle message, sent from a component's {@code signal} outbox to another's {@code control}
 * inbox; the family is closed so a receiver can handle every case.
 */
public sealed interface Signal permits ProducerFinished, ShutdownRequested {}
