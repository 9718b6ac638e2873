package org.kamaelia.http.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import org.kamaelia.http.component.Scheduler;
import org.kamaelia.http.server.HttpServer;
import org.kamaelia.http.spring.boot.KamaeliaHttpConfigurationException;
import org.kamaelia.http.spring.boot.KamaeliaHttpHandlerFactoryDecorator;
import org.kamaelia.http.spring.boot.KamaeliaHttpObserverFactory;
import org.kamaelia.http.spring.boot.KamaeliaHttpProperties;
import org.kamaelia.http.spring.boot.KamaeliaHttpRoute;
import org.kamaelia.http.spring.boot.KamaeliaHttpServerCustomizer;
import org.kamaelia.http.spring.boot.KamaeliaHttpServers;
import org.kamaelia.http.spring.boot.server.AnnotatedRoutes;
import org.kamaelia.http.spring.boot.server.KamaeliaHttpServersLifecycle;
import org.kamaelia.http.spring.boot.server.LocalKamaeliaPortPostProcessor;
import org.kamaelia.http.spring.boot.server.LocalPortPublisher;
import org.kamaelia.http.spring.boot.server.ServerDefinitions;
import org.kamaelia.http.spring.boot.server.SslBundleReloads;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;

/**
 * Auto-configuration of Kamaelia HTTP servers from {@code kamaelia.http.servers.*}: one shared group of event
 * loops, the servers (checked at startup), and a lifecycle that starts them on refresh and stops them gracefully.
 * A server that names an SSL bundle ({@code ssl.bundle}) serves TLS from Boot's {@link SslBundles} and takes the
 * bundle again whenever it is updated.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(HttpServer.class)
@ConditionalOnBooleanProperty(name = KamaeliaHttpAutoConfiguration.ENABLED, matchIfMissing = true)
@EnableConfigurationProperties(KamaeliaHttpProperties.class)
public final class KamaeliaHttpAutoConfiguration {
    /** The switch that turns all of Kamaelia HTTP's auto-configuration off when false. */
    public static final String ENABLED = "kamaelia.http.enabled";

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    Scheduler kamaeliaHttpScheduler(KamaeliaHttpProperties properties) {
        Integer loops = properties.getEventLoops();
        if (loops != null && loops < 1) {
            throw new KamaeliaHttpConfigurationException("kamaelia.http.event-loops", "must be positive");
        }
        return loops == null ? Scheduler.start("kamaelia-http") : Scheduler.start("kamaelia-http", loops);
    }

    @Bean
    @ConditionalOnMissingBean
    KamaeliaHttpServers kamaeliaHttpServers(
            KamaeliaHttpProperties properties,
            Scheduler kamaeliaHttpScheduler,
            ListableBeanFactory beanFactory,
            ResourceLoader resourceLoader,
            ObjectProvider<KamaeliaHttpRoute> routes,
            ObjectProvider<KamaeliaHttpServerCustomizer> customizers,
            ObjectProvider<KamaeliaHttpObserverFactory> observers,
            ObjectProvider<KamaeliaHttpHandlerFactoryDecorator> decorators,
            ObjectProvider<SslBundles> sslBundles) {
        List<KamaeliaHttpServers.Definition> definitions = new ServerDefinitions(beanFactory, resourceLoader)
                .define(
                        properties,
                        // @KamaeliaRoute annotations join the route beans here, checked against them and YAML
                        new AnnotatedRoutes(beanFactory)
                                .besides(properties, routes.orderedStream().toList()),
                        customizers.orderedStream().toList(),
                        decorators.orderedStream().toList());
        KamaeliaHttpServers servers = new KamaeliaHttpServers(
                definitions, kamaeliaHttpScheduler, observers.orderedStream().toList());
        sslBundles.ifAvailable(bundles -> new SslBundleReloads(bundles).watch(properties, servers));
        return servers;
    }

    @Bean
    @ConditionalOnMissingBean
    KamaeliaHttpServersLifecycle kamaeliaHttpServersLifecycle(
            KamaeliaHttpServers servers, ApplicationEventPublisher publisher, KamaeliaHttpProperties properties) {
        Duration drainDelay = properties.getShutdown().getDrainDelay();
        if (drainDelay == null || drainDelay.isNegative()) {
            throw new KamaeliaHttpConfigurationException(
                    "kamaelia.http.shutdown.drain-delay", "must be zero or positive");
        }
        return new KamaeliaHttpServersLifecycle(servers, publisher, properties.getShutdown());
    }

    // internal, not replaceable: tests and @LocalKamaeliaPort rely on these properties
    @Bean
    LocalPortPublisher kamaeliaHttpLocalPortPublisher() {
        return new LocalPortPublisher();
    }

    // static: a post-processor must exist before the configuration class itself is made
    @Bean
    static LocalKamaeliaPortPostProcessor kamaeliaHttpLocalPortPostProcessor() {
        return new LocalKamaeliaPortPostProcessor();
    }
}
