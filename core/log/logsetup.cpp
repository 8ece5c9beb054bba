#include "logsetup.h"

#include <QLoggingCategory>
#include <QStringList>

namespace LogSetup {

QStringList levelNames()
{
    return {QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"),
            QStringLiteral("error")};
}

bool isValidLevel(const QString &level)
{
    return levelNames().contains(level);
}

void apply(const QString &level)
{
    qSetMessagePattern(QStringLiteral(
        "%{time yyyy-MM-ddThh:mm:ss.zzz} %{if-debug}debug%{endif}%{if-info}info %{endif}"
        "%{if-warning}warn %{endif}%{if-critical}error%{endif}%{if-fatal}fatal%{endif} "
        "%{category}: %{message}"));
    const int rank = levelNames().indexOf(level);
    QStringList rules{QStringLiteral("qt.*.debug=false"), QStringLiteral("qt.*.info=false"),
                      QStringLiteral("default.debug=false")};
    rules << QStringLiteral("switchboard.*.debug=%1").arg(rank <= 0 ? "true" : "false");
    rules << QStringLiteral("switchboard.*.info=%1").arg(rank <= 1 ? "true" : "false");
    rules << QStringLiteral("switchboard.*.warning=%1").arg(rank <= 2 ? "true" : "false");
    QLoggingCategory::setFilterRules(rules.join(QLatin1Char('\n')));
}

} // namespace LogSetup
