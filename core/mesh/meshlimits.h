#pragma once
// Every bound the mesh service puts on what a peer may do, in one place. The original relay had
// none (PROTOCOLS.md section 4, "Holes"); these numbers keep one misbehaving peer from costing the
// others more than a bounded share of memory and CPU.
#include <QtGlobal>

struct MeshLimits
{
    int maxPeersPerMesh = 256;
    int maxMeshes = 10000; // rooms with at least one peer
    int maxRegisteredMeshes = 10000; // founder registrations (mesh keys) kept in memory
    qint64 maxMessageBytes = 1024 * 1024; // larger frames are closed with 1009 by the WebSocket layer
    int maxFramesPerSecond = 100; // sustained; the same number is allowed as a burst
    int maxMeshIdChars = 128;
    int maxNodeIdChars = 128;
    int maxNameChars = 128;
    int maxCapabilities = 64;
    int maxCapabilityChars = 64;
    int maxRequestIdChars = 128;
    int maxPendingLlmRequestsPerPeer = 64;
    // A member whose unsent bytes stay above maxPendingSendBytes for slowPeerGraceMs, or ever
    // pass hardPendingSendBytes, is closed ("too slow") instead of holding up the mesh or growing
    // without bound. The grace period matters: the relay reads a burst of frames before the
    // event loop writes any of them out, so a healthy receiver can briefly hold several MiB.
    qint64 maxPendingSendBytes = 4 * 1024 * 1024;
    qint64 hardPendingSendBytes = 16 * 1024 * 1024;
    qint64 slowPeerGraceMs = 3000;

    // The original's timings: first frame within 30 s, a peer silent for 120 s is dropped. LLM
    // requests get as long as a slow local model plausibly needs.
    qint64 registrationTimeoutMs = 30 * 1000;
    qint64 idleTimeoutMs = 120 * 1000;
    qint64 llmTimeoutMs = 120 * 1000;

    // The defaults above, with the three timeouts overridable (in seconds, fractions allowed) by
    // SWITCHBOARD_MESH_REGISTRATION_TIMEOUT, SWITCHBOARD_MESH_IDLE_TIMEOUT and
    // SWITCHBOARD_MESH_LLM_TIMEOUT. They exist so integration tests need not wait minutes; they
    // are deliberately not command-line options, because the wire protocol fixes the defaults.
    static MeshLimits fromEnvironment();
};
