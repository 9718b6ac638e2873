/**
 * The component runtime: components that own typed, named boxes, linkages between boxes, and a small
 * group of event loops that run a component only when it has something to do.
 *
 * <p>This is the Java form of Kamaelia's Axon. A {@link org.kamaelia.http.component.Component} declares
 * {@link org.kamaelia.http.component.Inbox} and {@link org.kamaelia.http.component.Outbox} fields;
 * {@code link(outbox, inbox)} joins them, checked by the compiler. Data and lifecycle travel on
 * separate boxes ({@code inbox}/{@code outbox} and {@code control}/{@code signal}). Every component
 * runs on exactly one {@link org.kamaelia.http.component.EventLoop}, so it is never run by two threads at
 * once and its fields need no locks.
 *
 * <p>This package depends on the JDK alone.
 */
package org.kamaelia.http.component;
