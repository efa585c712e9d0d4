<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>soundframe::MainWindow</name>
    <message numerus="yes">
        <location filename="../app/gui/MainWindow.cpp" line="201"/>
        <source>%n manifest line(s) skipped</source>
        <translation>
            <numerusform>%n manifest line skipped</numerusform>
            <numerusform>%n manifest lines skipped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/MainWindow.cpp" line="245"/>
        <source>%n clip(s)</source>
        <translation>
            <numerusform>%n clip</numerusform>
            <numerusform>%n clips</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/MainWindow.cpp" line="246"/>
        <source>%n run(s)</source>
        <translation>
            <numerusform>%n run</numerusform>
            <numerusform>%n runs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>soundframe::gui::AlignmentRunPanel</name>
    <message numerus="yes">
        <location filename="../widgets/AlignmentRunPanel.cpp" line="194"/>
        <source>%n frame(s); %1 picks frame %2 (%3 s)</source>
        <translation>
            <numerusform>%n frame; %1 picks frame %2 (%3 s)</numerusform>
            <numerusform>%n frames; %1 picks frame %2 (%3 s)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentRunPanel.cpp" line="196"/>
        <source>%n frame(s); most similar frame: %1 (%2 s)</source>
        <translation>
            <numerusform>%n frame; most similar frame: %1 (%2 s)</numerusform>
            <numerusform>%n frames; most similar frame: %1 (%2 s)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentRunPanel.cpp" line="269"/>
        <source>Nearest frame under the model after each epoch (a held-out clip: never trained on; hatched: %n warm-up epoch(s)):</source>
        <translation>
            <numerusform>Nearest frame under the model after each epoch (a held-out clip: never trained on; hatched: %n warm-up epoch):</numerusform>
            <numerusform>Nearest frame under the model after each epoch (a held-out clip: never trained on; hatched: %n warm-up epochs):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentRunPanel.cpp" line="273"/>
        <source>Frame chosen per epoch (hatched: %n warm-up epoch(s)):</source>
        <translation>
            <numerusform>Frame chosen per epoch (hatched: %n warm-up epoch):</numerusform>
            <numerusform>Frame chosen per epoch (hatched: %n warm-up epochs):</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentRunPanel.cpp" line="299"/>
        <source>&lt;b&gt;Over %n evaluated clip(s)&lt;/b&gt;</source>
        <translation>
            <numerusform>&lt;b&gt;Over %n evaluated clip&lt;/b&gt;</numerusform>
            <numerusform>&lt;b&gt;Over %n evaluated clips&lt;/b&gt;</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentRunPanel.cpp" line="301"/>
        <source>most similar frame shows a source: &lt;b&gt;%1%&lt;/b&gt; of %n clip(s) (uniform draw: %2%)</source>
        <translation>
            <numerusform>most similar frame shows a source: &lt;b&gt;%1%&lt;/b&gt; of %n clip (uniform draw: %2%)</numerusform>
            <numerusform>most similar frame shows a source: &lt;b&gt;%1%&lt;/b&gt; of %n clips (uniform draw: %2%)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>soundframe::gui::AlignmentView</name>
    <message numerus="yes">
        <location filename="../widgets/AlignmentView.cpp" line="248"/>
        <source>Runs (%n shown)</source>
        <translation>
            <numerusform>Runs (%n shown)</numerusform>
            <numerusform>Runs (%n shown)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/AlignmentView.cpp" line="416"/>
        <source>Exported %n file(s) to %1</source>
        <translation>
            <numerusform>Exported %n file to %1</numerusform>
            <numerusform>Exported %n files to %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>soundframe::gui::QueryView</name>
    <message numerus="yes">
        <location filename="../widgets/QueryView.cpp" line="313"/>
        <source>Answered by the index %1 (%n file(s)) built with the audio encoder %2 and the image-text model %3</source>
        <translation>
            <numerusform>Answered by the index %1 (%n file) built with the audio encoder %2 and the image-text model %3</numerusform>
            <numerusform>Answered by the index %1 (%n files) built with the audio encoder %2 and the image-text model %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/QueryView.cpp" line="334"/>
        <source>%n file(s) found by text search.</source>
        <translation>
            <numerusform>%n file found by text search.</numerusform>
            <numerusform>%n files found by text search.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/QueryView.cpp" line="335"/>
        <source>%n file(s) found by image search.</source>
        <translation>
            <numerusform>%n file found by image search.</numerusform>
            <numerusform>%n files found by image search.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/QueryView.cpp" line="336"/>
        <source>%n file(s) found by audio search.</source>
        <translation>
            <numerusform>%n file found by audio search.</numerusform>
            <numerusform>%n files found by audio search.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/QueryView.cpp" line="357"/>
        <source>Indexing %n file(s)…</source>
        <translation>
            <numerusform>Indexing %n file…</numerusform>
            <numerusform>Indexing %n files…</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>soundframe::gui::QueryWorker</name>
    <message numerus="yes">
        <location filename="../widgets/QueryWorker.cpp" line="91"/>
        <source>%n file(s) removed from the index (nothing on disk was touched)</source>
        <translation>
            <numerusform>%n file removed from the index (nothing on disk was touched)</numerusform>
            <numerusform>%n files removed from the index (nothing on disk was touched)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/QueryWorker.cpp" line="104"/>
        <source>cancelled after %n file(s) indexed (windows: %1, unchanged files: %2, failed: %3)</source>
        <translation>
            <numerusform>cancelled after %n file indexed (windows: %1, unchanged files: %2, failed: %3)</numerusform>
            <numerusform>cancelled after %n files indexed (windows: %1, unchanged files: %2, failed: %3)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/QueryWorker.cpp" line="106"/>
        <source>%n file(s) indexed (windows: %1, unchanged files: %2, failed: %3)</source>
        <translation>
            <numerusform>%n file indexed (windows: %1, unchanged files: %2, failed: %3)</numerusform>
            <numerusform>%n files indexed (windows: %1, unchanged files: %2, failed: %3)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>soundframe::gui::RetrievalBrowser</name>
    <message numerus="yes">
        <location filename="../widgets/RetrievalBrowser.cpp" line="218"/>
        <source>%n queries from %1</source>
        <translation>
            <numerusform>%n query from %1</numerusform>
            <numerusform>%n queries from %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/RetrievalBrowser.cpp" line="286"/>
        <source>%n queries: %1 at rank 1, %2 beyond rank 10; median rank %3</source>
        <translation>
            <numerusform>%n query: %1 at rank 1, %2 beyond rank 10; median rank %3</numerusform>
            <numerusform>%n queries: %1 at rank 1, %2 beyond rank 10; median rank %3</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/RetrievalBrowser.cpp" line="348"/>
        <source>First relevant item at rank %1, below the %n shown</source>
        <translation>
            <numerusform>First relevant item at rank %1, below the %n shown</numerusform>
            <numerusform>First relevant item at rank %1, below the %n shown</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../widgets/RetrievalBrowser.cpp" line="378"/>
        <source>one of the %n relevant items</source>
        <translation>
            <numerusform>one of the %n relevant item</numerusform>
            <numerusform>one of the %n relevant items</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>soundframe::gui::TrainingWorker</name>
    <message numerus="yes">
        <location filename="../widgets/TrainingWorker.cpp" line="61"/>
        <source>Training complete after %n step(s)</source>
        <translation>
            <numerusform>Training complete after %n step</numerusform>
            <numerusform>Training complete after %n steps</numerusform>
        </translation>
    </message>
</context>
</TS>
