package dev.toonforge.sampler.service;

import dev.toonforge.dcgan.Generator;
import dev.toonforge.dcgan.ImageTensors;
import org.jboss.logging.Logger;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Coalesces concurrent requests into batched generator passes on one thread: take the first request, wait up to
 * {@code maxWait} for more (or until {@code maxBatch} z vectors are queued), then run one forward pass per generator
 * over all their z vectors and complete each request with its own images. Only this thread touches the networks.
 *
 * <p>In inference mode an image depends only on its z, so batching does not change what a seed looks like.
 */
public final class GeneratorBatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GeneratorBatcher.class);

    private final int maxBatch;
    private final long maxWaitNanos;
    private final int maxQueuedImages;
    private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedImages = new AtomicInteger();
    private final AtomicLong passes = new AtomicLong();
    private final AtomicLong images = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final Thread thread;
    private final int computeThreads;
    private final IntConsumer passDone;
    private volatile int openMpThreads;
    private volatile boolean closed;

    /** One request: {@code count} z vectors, row after row, for one generator. */
    private record Job(Generator generator, float[] latents, int count, CompletableFuture<BufferedImage[]> result) {
    }

    /** {@code openMpThreads}: the OpenMP threads a generator pass may use (0 until the generator thread has started). */
    public record Stats(long requests, long passes, long images, int queuedImages, int openMpThreads) {
        public double meanImagesPerPass() {
            return passes == 0 ? 0 : (double) images / passes;
        }
    }

    public GeneratorBatcher(int maxBatch, long maxWaitMillis, int maxQueuedImages) {
        this(maxBatch, maxWaitMillis, maxQueuedImages, 0);
    }

    /**
     * @param computeThreads OpenMP threads for the generator's passes (oneDNN runs on OpenMP); 0 or less keeps
     *                       the process default (one per core). OpenMP's thread count is a per-thread setting, so it is applied on
     *                       the generator thread itself.
     */
    public GeneratorBatcher(int maxBatch, long maxWaitMillis, int maxQueuedImages, int computeThreads) {
        this(maxBatch, maxWaitMillis, maxQueuedImages, computeThreads, rows -> {
        });
    }

    /** @param passDone told the rows of every generator pass, on the generator thread (metrics) */
    public GeneratorBatcher(int maxBatch, long maxWaitMillis, int maxQueuedImages, int computeThreads,
                            IntConsumer passDone) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("toonforge.sampler.max-batch must be at least 1, was " + maxBatch);
        }
        if (maxWaitMillis < 0) {
            throw new IllegalArgumentException("toonforge.sampler.max-wait-ms must be 0 or more, was " + maxWaitMillis);
        }
        this.maxBatch = maxBatch;
        this.maxWaitNanos = TimeUnit.MILLISECONDS.toNanos(maxWaitMillis);
        this.maxQueuedImages = maxQueuedImages;
        this.computeThreads = computeThreads;
        this.passDone = passDone;
        Thread t = new Thread(this::run, "sampler-generator");
        t.setDaemon(true);
        this.thread = t;
        t.start();
    }

    /**
     * Queues {@code count} z vectors (row-major, {@code generator.noiseSize()} floats each); the future completes with
     * one image per row, or fails with {@link SamplerBusyException} when too much is queued already.
     */
    public CompletableFuture<BufferedImage[]> submit(Generator generator, float[] latents, int count) {
        if (latents.length != count * generator.noiseSize()) {
            throw new IllegalArgumentException("expected " + count + " x " + generator.noiseSize() + " floats, got "
                    + latents.length);
        }
        CompletableFuture<BufferedImage[]> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new SamplerBusyException("the sampler is shutting down"));
            return result;
        }
        int queued = queuedImages.addAndGet(count);
        if (queued > maxQueuedImages && queued != count) {
            queuedImages.addAndGet(-count);
            result.completeExceptionally(new SamplerBusyException((queued - count) + " images are waiting for the generator"
                    + " (the limit is " + maxQueuedImages + "); try again shortly"));
            return result;
        }
        requests.incrementAndGet();
        queue.add(new Job(generator, latents, count, result));
        return result;
    }

    public Stats stats() {
        return new Stats(requests.get(), passes.get(), images.get(), queuedImages.get(), openMpThreads);
    }

    private void run() {
        NativeOps openMp = NativeOpsHolder.getInstance().getDeviceNativeOps();
        if (computeThreads > 0) {
            openMp.setOmpNumThreads(computeThreads);
        }
        openMpThreads = openMp.ompGetMaxThreads();
        List<Job> window = new ArrayList<>();
        while (!closed) {
            try {
                window.add(queue.take());
                int rows = window.get(0).count;
                long deadline = System.nanoTime() + maxWaitNanos;
                while (rows < maxBatch) {
                    Job next = queue.poll();
                    if (next == null) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0 || (next = queue.poll(left, TimeUnit.NANOSECONDS)) == null) {
                            break;
                        }
                    }
                    window.add(next);
                    rows += next.count;
                }
                generate(window);
            } catch (InterruptedException e) {
                break;
            } catch (Throwable e) {
                // A failing pass must not stop the thread; the requests of that window get the error.
                LOG.error("Generator pass failed", e);
                window.forEach(job -> job.result.completeExceptionally(e));
            } finally {
                for (Job job : window) {
                    queuedImages.addAndGet(-job.count);
                }
                window.clear();
            }
        }
        Job left;
        while ((left = queue.poll()) != null) {
            left.result.completeExceptionally(new SamplerBusyException("the sampler is shutting down"));
        }
    }

    /** One group per generator (two only while a swap is under way or an old epoch is asked for). */
    private void generate(List<Job> window) {
        Map<Generator, List<Job>> groups = new IdentityHashMap<>();
        for (Job job : window) {
            groups.computeIfAbsent(job.generator, g -> new ArrayList<>()).add(job);
        }
        for (Map.Entry<Generator, List<Job>> group : groups.entrySet()) {
            try {
                generate(group.getKey(), group.getValue());
            } catch (RuntimeException e) {
                LOG.error("Generator pass failed", e);
                group.getValue().forEach(job -> job.result.completeExceptionally(e));
            }
        }
    }

    private void generate(Generator generator, List<Job> jobs) {
        int noise = generator.noiseSize();
        int total = jobs.stream().mapToInt(Job::count).sum();
        float[] z = new float[total * noise];
        int offset = 0;
        for (Job job : jobs) {
            System.arraycopy(job.latents, 0, z, offset, job.latents.length);
            offset += job.latents.length;
        }
        BufferedImage[] out = new BufferedImage[total];
        for (int start = 0; start < total; start += maxBatch) {
            int rows = Math.min(maxBatch, total - start);
            float[] chunk = new float[rows * noise];
            System.arraycopy(z, start * noise, chunk, 0, chunk.length);
            INDArray batch = Nd4j.create(chunk, new long[] {rows, noise}, 'c');
            BufferedImage[] images = ImageTensors.toImages(generator.generate(batch));
            System.arraycopy(images, 0, out, start, rows);
            passes.incrementAndGet();
            this.images.addAndGet(rows);
            passDone.accept(rows);
        }
        int at = 0;
        for (Job job : jobs) {
            BufferedImage[] mine = new BufferedImage[job.count];
            System.arraycopy(out, at, mine, 0, job.count);
            at += job.count;
            job.result.complete(mine);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }
}
