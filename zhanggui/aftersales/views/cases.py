"""Console pages of after-sales: the queue, a case's page and its actions, opening a case."""

from django.urls import path

from . import case_create, case_detail, case_list

D = case_detail

urlpatterns: list = [
    path("", case_list.CaseListView.as_view(), name="case_list"),
    path("new/", case_create.CaseCreateView.as_view(), name="case_create"),
    path("<int:pk>/", D.CaseDetailView.as_view(), name="case_detail"),
    path("<int:pk>/review/", D.CaseReviewView.as_view(), name="case_review"),
    path("<int:pk>/assign/", D.CaseAssignView.as_view(), name="case_assign"),
    path("<int:pk>/approve/", D.CaseApproveView.as_view(), name="case_approve"),
    path("<int:pk>/reject/", D.CaseRejectView.as_view(), name="case_reject"),
    path("<int:pk>/return-waybill/", D.CaseReturnShipView.as_view(), name="case_return_ship"),
    path("<int:pk>/receive/", D.CaseReceiveView.as_view(), name="case_receive"),
    path("<int:pk>/inspect/", D.CaseInspectView.as_view(), name="case_inspect"),
    path("<int:pk>/restock/", D.CaseRestockView.as_view(), name="case_restock"),
    path("<int:pk>/refund/", D.CaseRefundView.as_view(), name="case_refund"),
    path("<int:pk>/replace/", D.CaseReplaceView.as_view(), name="case_replace"),
    path("<int:pk>/repair-sent/", D.CaseRepairSendView.as_view(), name="case_repair_send"),
    path("<int:pk>/repaired/", D.CaseRepairReturnView.as_view(), name="case_repair_return"),
    path("<int:pk>/close/", D.CaseCloseView.as_view(), name="case_close"),
]
