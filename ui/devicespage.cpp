#include "devicespage.h"

#include "devices/deviceregistry.h"
#include "devicesmodel.h"
#include "emptystate.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

DevicesPage::DevicesPage(QWidget *parent)
    : QWidget(parent),
      m_model(new DevicesModel(this)),
      m_view(new QTableView),
      m_empty(new EmptyState(m_view)),
      m_revoke(new QPushButton),
      m_pair(new QPushButton)
{
    m_view->setObjectName(QStringLiteral("devicesView"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->verticalHeader()->hide();
    m_view->setShowGrid(false);
    m_view->setAlternatingRowColors(true);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 10);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setSectionResizeMode(DevicesModel::NameColumn, QHeaderView::Stretch);
    m_view->horizontalHeader()->setSectionResizeMode(DevicesModel::PairedColumn, QHeaderView::ResizeToContents);
    m_revoke->setObjectName(QStringLiteral("revokeDevice"));
    m_revoke->setShortcut(QKeySequence::Delete);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_pair);
    buttons->addStretch(1);
    buttons->addWidget(m_revoke);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_empty, 1);
    layout->addLayout(buttons);

    connect(m_revoke, &QPushButton::clicked, this, [this] { revokeSelected(true); });
    connect(m_pair, &QPushButton::clicked, this, &DevicesPage::pairRequested);
    connect(m_model, &QAbstractItemModel::modelReset, this, &DevicesPage::update);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DevicesPage::update);
    retranslate();
    update();
}

void DevicesPage::setRegistry(DeviceRegistry *registry)
{
    m_model->setRegistry(registry);
    update();
}

bool DevicesPage::revokeSelected(bool confirm)
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty() || !m_model->registry())
        return false;
    const PairedDevice device = m_model->device(rows.first().row());
    if (confirm) {
        const auto answer = QMessageBox::question(
            this, tr("Revoke %1?").arg(device.name),
            tr("“%1” will no longer be able to use this relay, and its open connections are closed. "
               "To use it again, pair it again.").arg(device.name),
            QMessageBox::Cancel | QMessageBox::Yes, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return false;
    }
    return m_model->registry()->revoke(device.id);
}

void DevicesPage::update()
{
    m_empty->setEmpty(m_model->rowCount() == 0);
    m_revoke->setEnabled(m_view->selectionModel()->hasSelection());
    m_pair->setEnabled(m_model->registry() != nullptr);
}

void DevicesPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void DevicesPage::retranslate()
{
    m_revoke->setText(tr("Revoke…"));
    m_pair->setText(tr("Pair a phone…"));
    m_empty->setMessage(tr("No paired devices"),
                        tr("Pair a phone with a code from the Pairing tab. Paired devices can open tunnels "
                           "and join protected meshes without further setup."));
}
