#pragma once
// The Devices tab: phones and other devices paired with this relay, when they were last seen, and
// Revoke, which stops their token working and cuts their connections.
#include <QWidget>

class DeviceRegistry;
class DevicesModel;
class EmptyState;
class QPushButton;
class QTableView;

class DevicesPage : public QWidget
{
    Q_OBJECT
public:
    explicit DevicesPage(QWidget *parent = nullptr);
    void setRegistry(DeviceRegistry *registry);
    QTableView *view() const { return m_view; }
    DevicesModel *model() const { return m_model; }
    // Revokes the selected device, asking first unless `confirm` is false.
    bool revokeSelected(bool confirm = true);

signals:
    void pairRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void update();
    void retranslate();
    DevicesModel *m_model;
    QTableView *m_view;
    EmptyState *m_empty;
    QPushButton *m_revoke;
    QPushButton *m_pair;
};
