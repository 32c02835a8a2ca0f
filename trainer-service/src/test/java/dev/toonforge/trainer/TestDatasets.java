package dev.toonforge.trainer;

import dev.toonforge.contracts.Json;
import dev.toonforge.contracts.events.EventCodec;
import dev.toonforge.contracts.events.ImageIngested;
import dev.toonforge.contracts.storage.DatasetManifest;
import dev.toonforge.contracts.storage.ObjectKeys;
import dev.toonforge.infra.LocalInfra;
import dev.toonforge.infra.demo.DemoFaces;
import io.minio.PutObjectArgs;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Future;

/** Puts a dataset into S3 and announces it on Kafka, as the ingest service would. */
public final class TestDatasets {

    private TestDatasets() {
    }

    /** Discs of random colours on a light background, 32 px. Returns the hashes stored. */
    public static List<String> discs(LocalInfra infra, String dataset, int count, long seed) throws Exception {
        Random random = new Random(seed);
        List<String> hashes = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] png = discPng(random);
            String hash = put(infra, dataset, png);
            hashes.add(hash);
            events.add(EventCodec.encode(ImageIngested.of(dataset, hash, "disc-" + i + ".png", 32, png.length, Instant.now())));
        }
        putManifest(infra, dataset);
        send(infra, dataset, events);
        return hashes;
    }

    /** Cartoon faces drawn in code ({@link DemoFaces}), 32 px, the same for the same seed. Returns the hashes stored. */
    static List<String> faces(LocalInfra infra, String dataset, int count, long seed) throws Exception {
        List<String> hashes = new ArrayList<>();
        List<String> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(DemoFaces.face(seed * 100_003 + i, 32), "png", png);
            String hash = put(infra, dataset, png.toByteArray());
            hashes.add(hash);
            events.add(EventCodec.encode(ImageIngested.of(dataset, hash, "face-" + i + ".png", 32, png.size(),
                    Instant.now())));
        }
        putManifest(infra, dataset);
        send(infra, dataset, events);
        return hashes;
    }

    /** One 32 px PNG: a disc of a random colour on a light background. */
    static byte[] discPng(Random random) throws Exception {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(235, 235, 225));
        g.fillRect(0, 0, 32, 32);
        g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
        int r = 6 + random.nextInt(8);
        g.fillOval(16 - r + random.nextInt(5) - 2, 16 - r + random.nextInt(5) - 2, 2 * r, 2 * r);
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(image, "png", png);
        return png.toByteArray();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static String put(LocalInfra infra, String dataset, byte[] bytes) throws Exception {
        String hash = sha256(bytes);
        infra.minioClient().putObject(PutObjectArgs.builder().bucket(infra.bucket())
                .object(ObjectKeys.datasetImage(dataset, hash))
                .stream(new ByteArrayInputStream(bytes), bytes.length, -1).build());
        return hash;
    }

    static void putManifest(LocalInfra infra, String dataset) throws Exception {
        byte[] json = Json.mapper().writeValueAsBytes(DatasetManifest.create(dataset, 32, Instant.now()));
        infra.minioClient().putObject(PutObjectArgs.builder().bucket(infra.bucket())
                .object(ObjectKeys.datasetManifest(dataset))
                .stream(new ByteArrayInputStream(json), json.length, -1).build());
    }

    static void send(LocalInfra infra, String dataset, List<String> values) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (String value : values) {
                sent.add(producer.send(new ProducerRecord<>("images.ingested", dataset, value)));
            }
            for (Future<RecordMetadata> record : sent) {
                record.get();
            }
        }
    }
}
