package dev.toonforge.sampler;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Clients that request {@code image.png} of a dataset in a loop, each with its own seeds, until stopped; they count
 * valid images, remember which checkpoints answered, and record every failure.
 */
final class ImageClients implements AutoCloseable {

    final AtomicInteger ok = new AtomicInteger();
    final Set<String> checkpointsSeen = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean stop = new AtomicBoolean();
    private final ExecutorService pool;
    private final List<Future<?>> running = new ArrayList<>();

    private ImageClients(int clients) {
        this.pool = Executors.newFixedThreadPool(clients);
    }

    static ImageClients start(URL base, String dataset, int clients, int imageSize) {
        ImageClients c = new ImageClients(clients);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (int client = 0; client < clients; client++) {
            int id = client;
            c.running.add(c.pool.submit(() -> {
                for (int i = 0; !c.stop.get(); i++) {
                    URI uri = URI.create(base + "api/samples/" + dataset + "/image.png?seed=" + (id * 1000 + i % 50));
                    try {
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        BufferedImage image = r.statusCode() == 200 ? ImageIO.read(new ByteArrayInputStream(r.body())) : null;
                        if (image == null || image.getWidth() != imageSize) {
                            c.failures.add(uri + " -> " + r.statusCode() + " " + new String(r.body()));
                        } else {
                            c.ok.incrementAndGet();
                            r.headers().firstValue("X-Toonforge-Checkpoint").ifPresent(c.checkpointsSeen::add);
                        }
                    } catch (Exception e) {
                        c.failures.add(uri + " -> " + e);
                    }
                }
                return null;
            }));
        }
        return c;
    }

    /** Stops the loops and waits for them; a client that threw fails here. */
    void stopAndJoin() throws Exception {
        stop.set(true);
        for (Future<?> f : running) {
            f.get();
        }
    }

    @Override
    public void close() {
        stop.set(true);
        pool.shutdownNow();
    }
}
