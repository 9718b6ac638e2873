/**
 * The starter's runtime for servers: property rules that turn {@code kamaelia.http.servers.*} into server
 * definitions ({@code ServerDefinitions}), the lifecycle that starts and drains them, and the publishing of each
 * bound port ({@code local.kamaelia.http.<name>.port}, {@code @LocalKamaeliaPort}). Depends on the API package,
 * never on the auto-configuration.
 */
package org.kamaelia.http.spring.boot.server;
