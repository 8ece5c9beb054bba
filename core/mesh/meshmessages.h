#pragma once
// Reading what peers send: a frame into a JSON object with a type, the first frame into a join
// request, and the field checks shared by later messages. Pure functions, no state.
#include "meshlimits.h"
#include "meshrefusal.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <optional>

namespace MeshMessages {

// A text frame holding a JSON object with a string `type`; otherwise `error` says what is wrong,
// in words fit for an error frame.
struct Frame
{
    QJsonObject object;
    QString type;
    QString error;
    bool ok() const { return error.isEmpty(); }
};
Frame parse(const QByteArray &data, bool text);

// The first frame. `register_mesh` is the founder's registration (deployed dialect); `join` and
// `register` are joins, and both dialects meet in `register`:
//  - the seed dialect sends {"type":"register","token":"<string>"} and expects the string to be
//    checked against the mesh's configured token;
//  - the deployed dialect treats `register` as an alias of `join`, whose token is a signed object.
// They never disagree about a given frame, so one rule serves both: the token's JSON type decides
// how it is checked (string: the configured shared secret; object: a signed mesh token), and a
// frame without a token joins an open mesh in either dialect. Replies are the same for both: the
// deployed `joined` then `peers`; seed clients look for `peers` and skip the type they do not know.
struct JoinRequest
{
    enum Kind { Join, RegisterMesh };
    Kind kind = Join;
    QString nodeId;
    QString name; // the peer's display name (`name` in a join, `display_name` in register_mesh)
    QStringList capabilities;
    QJsonValue token; // undefined when absent or null
    // register_mesh only
    QString meshIdField; // the optional mesh_id in the frame; must match the URL when given
    QString meshName; // `name` in register_mesh
    QString meshPublicKey;
    QString founderProof;
    QString nodePublicKey;
};
struct JoinParse
{
    JoinRequest request;
    std::optional<MeshRefusal> refusal;
};
JoinParse parseJoin(const Frame &frame, const MeshLimits &limits);

// A `capabilities` value: absent or null is an empty list; otherwise a bounded list of bounded
// strings. Returns nothing and sets `error` when it is not.
std::optional<QStringList> parseCapabilities(const QJsonValue &value, const MeshLimits &limits, QString *error);

// A node's default display name, as the original shows it: the first eight characters of its id.
QString defaultName(const QString &nodeId);

} // namespace MeshMessages
