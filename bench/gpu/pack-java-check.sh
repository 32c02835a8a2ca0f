#!/usr/bin/env bash
# Packs GpuSupport's check for a GPU machine with no Java and no network: a jlink'd Java runtime
# (15 MB as .tar.xz), GpuSupport's classes, slf4j, and nd4j-cuda-11.6's class jar (its classes only, 0.4 MB: the check
# looks for the CUDA backend class, and nothing native is loaded). Output: .devcarry/ (git-ignored through
# .git/info/exclude). On the GPU machine, from the repository root, carrying .devcarry:
#   mkdir -p /tmp/j && tar -C /tmp/j -xJf .devcarry/jre17.tar.xz
#   /tmp/j/jre17/bin/java -cp ".devcarry/cp/classes:.devcarry/cp/*" dev.toonforge.dcgan.backend.GpuSupportCheck
set -euo pipefail
cd "$(dirname "$0")/../.."
grep -qx '/.devcarry/' .git/info/exclude 2>/dev/null || echo '/.devcarry/' >>.git/info/exclude
./mvnw -B -q -pl dcgan compile >/dev/null
rm -rf .devcarry && mkdir -p .devcarry/cp/classes
for artifact in org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1 org.slf4j:slf4j-api:2.0.17 org.slf4j:slf4j-simple:2.0.17; do
  ./mvnw -B -q dependency:copy -Dartifact="$artifact" -DoutputDirectory="$PWD/.devcarry/cp" >/dev/null
done
javac -d .devcarry/cp/classes -cp "dcgan/target/classes:.devcarry/cp/*" bench/gpu/GpuSupportCheck.java
cp dcgan/target/classes/dev/toonforge/dcgan/backend/GpuSupport*.class .devcarry/cp/classes/dev/toonforge/dcgan/backend/
jre=$(mktemp -d)
jlink --add-modules java.base --strip-debug --no-header-files --no-man-pages --compress=2 --output "$jre/jre17"
tar -C "$jre" -cJf .devcarry/jre17.tar.xz jre17
rm -rf "$jre"
du -sh .devcarry
