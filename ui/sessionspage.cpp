#include "sessionspage.h"

#include "emptystate.h"
#include "relay.h"
#include "sessions/sessioncontrol.h"
#include "sessionsmodel.h"
#include "servicenames.h"
#include "shareurls.h"

#include <QAction>
#include <QClipboard>
#include <QEvent>
#include <QGuiApplication>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

SessionsPage::SessionsPage(SessionsModel *model, QWidget *parent)
    : QWidget(parent),
      m_model(model),
      m_proxy(new QSortFilterProxyModel(this)),
      m_filterBox(new QLineEdit),
      m_view(new QTableView),
      m_empty(new EmptyState(m_view)),
      m_copyUrl(new QAction(this)),
      m_disconnect(new QAction(this))
{
    m_proxy->setSourceModel(model);
    m_proxy->setSortRole(SessionsModel::SortRole);
    m_proxy->setFilterKeyColumn(-1); // any column: service, id, peer, address
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setDynamicSortFilter(true);

    m_view->setObjectName(QStringLiteral("sessionsView"));
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(SessionsModel::DurationColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    // Numbers keep a width that fits typical values; peers and addresses take what is left.
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(false);
    header->setSectionResizeMode(SessionsModel::PeersColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(SessionsModel::AddressColumn, QHeaderView::Stretch);
    const QFontMetrics fm = m_view->fontMetrics();
    const auto widthFor = [&](const QString &sample) { return fm.horizontalAdvance(sample) + 24; };
    int serviceWidth = 0; // the longest service name in the UI's language
    for (const QString &service : Settings().services)
        serviceWidth = std::max(serviceWidth, widthFor(ServiceNames::displayName(service)));
    header->resizeSection(SessionsModel::ServiceColumn, serviceWidth);
    header->resizeSection(SessionsModel::IdColumn, widthFor(QStringLiteral("7-crimson-otter")));
    header->resizeSection(SessionsModel::DurationColumn, widthFor(QStringLiteral("10:00:00")));
    header->resizeSection(SessionsModel::InColumn, widthFor(QStringLiteral("1000.0 MB")));
    header->resizeSection(SessionsModel::OutColumn, widthFor(QStringLiteral("1000.0 MB")));
    header->resizeSection(SessionsModel::RateColumn, widthFor(QStringLiteral("1000.0 MB/s")));
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);

    m_filterBox->setObjectName(QStringLiteral("sessionsFilter"));
    m_filterBox->setClearButtonEnabled(true);
    connect(m_filterBox, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text);
        updateEmpty();
    });

    m_copyUrl->setShortcut(QKeySequence::Copy);
    m_copyUrl->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_disconnect->setShortcut(QKeySequence::Delete);
    m_disconnect->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_view->addAction(m_copyUrl);
    m_view->addAction(m_disconnect);
    connect(m_copyUrl, &QAction::triggered, this, &SessionsPage::copySelectedUrl);
    connect(m_disconnect, &QAction::triggered, this, &SessionsPage::disconnectSelected);
    connect(m_view, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        if (!m_view->indexAt(pos).isValid())
            return;
        QMenu menu(this);
        menu.addAction(m_copyUrl);
        menu.addAction(m_disconnect);
        menu.exec(m_view->viewport()->mapToGlobal(pos));
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &SessionsPage::updateActions);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_proxy, signal, this, &SessionsPage::updateEmpty);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &SessionsPage::updateEmpty);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_filterBox);
    layout->addWidget(m_empty, 1);
    retranslate();
    updateActions();
    updateEmpty();
}

void SessionsPage::setRelay(Relay *relay)
{
    m_relay = relay;
    updateActions();
}

int SessionsPage::selectedSourceRow() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return -1;
    return m_proxy->mapToSource(rows.first()).row();
}

bool SessionsPage::copySelectedUrl()
{
    const int row = selectedSourceRow();
    if (row < 0 || !m_relay)
        return false;
    QGuiApplication::clipboard()->setText(ShareUrls::sessionUrl(m_relay, m_model->session(row)));
    return true;
}

bool SessionsPage::disconnectSelected()
{
    const int row = selectedSourceRow();
    if (row < 0 || !m_relay)
        return false;
    const Session session = m_model->session(row);
    return SessionControl::of(m_relay->sessions())->disconnectSession(session.service, session.id);
}

void SessionsPage::updateActions()
{
    const int row = selectedSourceRow();
    const bool selected = row >= 0 && m_relay;
    m_copyUrl->setEnabled(selected);
    m_disconnect->setEnabled(selected
                             && SessionControl::of(m_relay->sessions())->canDisconnect(m_model->session(row).service));
}

void SessionsPage::updateEmpty()
{
    if (m_model->rowCount() == 0)
        m_empty->setMessage(tr("No sessions right now"),
                            tr("When a device connects through Switchboard (a tunnel, a file transfer, a mesh) "
                               "it appears here with what it sends and receives."));
    else
        m_empty->setMessage(tr("No session matches “%1”").arg(m_filterBox->text()),
                            tr("The filter looks at the service, the session, the peers and their addresses."));
    m_empty->setEmpty(m_proxy->rowCount() == 0);
    updateActions();
}

void SessionsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void SessionsPage::retranslate()
{
    m_filterBox->setPlaceholderText(tr("Filter sessions (Ctrl+F)"));
    m_copyUrl->setText(tr("Copy URL"));
    m_disconnect->setText(tr("Disconnect"));
    updateEmpty();
}
